/**
 * Runs a SQL script (a pg_dump) through a client that has no `psql`: split into statements, then
 * sent in batches of a bounded size.
 *
 * Why split at all: a dump is one string of any size; one query that large strains both sides
 * (PGlite's WASM heap, PostgreSQL's 1 GB query limit), and an error in it cannot be located. Why not
 * split on `;` lines: string literals and function bodies may contain `;` followed by a newline, so
 * the splitter follows PostgreSQL's lexical rules for quotes, dollar quotes and comments.
 */

const BATCH_BYTES = 1 << 20;

function isIdentifierChar(code: number | undefined): boolean {
  if (code === undefined) return false;
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x5f || // _
    code === 0x24 || // $
    code >= 0x80
  );
}

/** Index just past the closing quote of the literal opening at `start`. */
function endOfQuoted(script: string, start: number, quote: string, backslashEscapes: boolean): number {
  let index = start + 1;
  for (;;) {
    const close = script.indexOf(quote, index);
    if (close === -1)
      throw new Error(`unterminated ${quote === "'" ? 'string' : 'quoted identifier'} in the SQL script`);
    if (backslashEscapes) {
      let backslashes = 0;
      for (let at = close - 1; at > start && script[at] === '\\'; at -= 1) backslashes += 1;
      if (backslashes % 2 === 1) {
        index = close + 1;
        continue;
      }
    }
    return close + 1;
  }
}

const dollarTag = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/**
 * The statements of `script`, each ending with its `;`; comments between statements are dropped.
 * Handles '…' (with '' inside), E'…' (backslash escapes), "…", $tag$…$tag$, -- and nested block comments.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = -1;
  let index = 0;
  const length = script.length;
  while (index < length) {
    const code = script.charCodeAt(index);
    const next = script.charCodeAt(index + 1);
    if (code === 0x2d && next === 0x2d) {
      // -- comment
      const end = script.indexOf('\n', index);
      index = end === -1 ? length : end + 1;
      continue;
    }
    if (code === 0x2f && next === 0x2a) {
      // /* comment */, nested
      let depth = 1;
      index += 2;
      while (depth > 0) {
        if (index >= length) throw new Error('unterminated comment in the SQL script');
        if (script.startsWith('/*', index)) [depth, index] = [depth + 1, index + 2];
        else if (script.startsWith('*/', index)) [depth, index] = [depth - 1, index + 2];
        else index += 1;
      }
      continue;
    }
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c) {
      index += 1;
      continue;
    }
    if (start === -1) start = index;
    if (code === 0x27) {
      // 'string', or E'string' when preceded by a lone E
      const previous = script[index - 1];
      const escaped =
        (previous === 'E' || previous === 'e') && index - 1 >= start && !isIdentifierChar(script.charCodeAt(index - 2));
      index = endOfQuoted(script, index, "'", escaped);
    } else if (code === 0x22) {
      index = endOfQuoted(script, index, '"', false);
    } else if (code === 0x24 && !isIdentifierChar(script.charCodeAt(index - 1))) {
      dollarTag.lastIndex = index;
      const match = dollarTag.exec(script);
      if (match) {
        const close = script.indexOf(match[0], index + match[0].length);
        if (close === -1) throw new Error('unterminated dollar-quoted string in the SQL script');
        index = close + match[0].length;
      } else {
        index += 1;
      }
    } else if (code === 0x3b) {
      statements.push(script.slice(start, index + 1));
      start = -1;
      index += 1;
    } else {
      index += 1;
    }
  }
  if (start !== -1) statements.push(script.slice(start).trimEnd());
  return statements;
}

export class SqlScriptError extends Error {
  override name = 'SqlScriptError';
}

/**
 * Sends `statements` through `execute` in batches of about 1 MB (one simple-protocol query each,
 * so the session-level `SET`s at the top of a dump hold for the rest). The caller wraps the call in
 * a transaction. A failure names the statement that failed when the server reports a position.
 */
export async function runSqlStatements(
  execute: (sql: string) => Promise<unknown>,
  statements: readonly string[],
): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const text = batch.join('\n');
    try {
      await execute(text);
    } catch (error) {
      const failed = statementAt(batch, (error as { position?: string }).position);
      const snippet = failed.replace(/\s+/g, ' ').slice(0, 100);
      throw new SqlScriptError(`${(error as Error).message} (in: ${snippet}${failed.length > 100 ? '…' : ''})`);
    }
    batch = [];
    size = 0;
  };
  for (const statement of statements) {
    batch.push(statement);
    size += statement.length;
    if (size >= BATCH_BYTES) await flush();
  }
  await flush();
}

/** The statement of `batch` (joined with '\n') containing the 1-based character `position`. */
function statementAt(batch: readonly string[], position: string | undefined): string {
  const target = Number(position);
  if (!Number.isInteger(target) || target < 1) return batch[0] ?? '';
  let offset = 0;
  for (const statement of batch) {
    offset += statement.length + 1;
    if (target <= offset) return statement;
  }
  return batch[batch.length - 1] ?? '';
}
