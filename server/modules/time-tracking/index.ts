/**
 * Time tracking: the minutes staff log on tickets, with totals per ticket and per agent. Reaches
 * tickets only through the collaborator handed in (`getTicket`, which decides visibility).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Dependencies } from '../../dependencies.js';
import { timeTrackingRoutes } from './time-tracking.routes.js';
import { createTimeTracking, type TimeTrackingCollaborators } from './time-tracking.service.js';

export type { TimeTracking, TimeTrackingCollaborators } from './time-tracking.service.js';

export function createTimeTrackingModule(deps: Dependencies, collaborators: TimeTrackingCollaborators) {
  const timeTracking = createTimeTracking(deps, collaborators);
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(timeTrackingRoutes, { timeTracking });
  };
  return { timeTracking, routes };
}

export type TimeTrackingModule = ReturnType<typeof createTimeTrackingModule>;
