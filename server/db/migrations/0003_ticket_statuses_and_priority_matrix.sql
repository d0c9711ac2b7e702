-- The default statuses (names editable later, categories fixed) and ITIL's classic 3 × 3 priority
-- matrix: impact × urgency → P1 (critical) … P5 (planning).
INSERT INTO ticket_statuses (category, name_it, name_en, is_default, position) VALUES
  ('new', 'Nuovo', 'New', true, 10),
  ('open', 'Aperto', 'Open', true, 20),
  ('pending_customer', 'In attesa del cliente', 'Waiting for customer', true, 30),
  ('pending_supplier', 'In attesa del fornitore', 'Waiting for supplier', true, 40),
  ('resolved', 'Risolto', 'Resolved', true, 50),
  ('closed', 'Chiuso', 'Closed', true, 60),
  ('merged', 'Unito', 'Merged', true, 70);
--> statement-breakpoint
INSERT INTO priority_matrix (impact, urgency, priority) VALUES
  ('high', 'high', 'P1'), ('high', 'medium', 'P2'), ('high', 'low', 'P3'),
  ('medium', 'high', 'P2'), ('medium', 'medium', 'P3'), ('medium', 'low', 'P4'),
  ('low', 'high', 'P3'), ('low', 'medium', 'P4'), ('low', 'low', 'P5');
