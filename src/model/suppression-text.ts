/** The rule id at the start of a suppression written as text, and no word character after it. */
const HEAD = /^\s*(AZV-[A-Z]+-\d{3})(?![A-Za-z0-9_])/i;
const REASON = /^reason:\s*/i;
const EXPIRES = /^expires:\s*(\d{4}-\d{2}-\d{2})\s*\]?$/i;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * Reads a suppression written as text, `AZV-XXX-NNN reason: … [expires: YYYY-MM-DD]` (an ARM
 * `metadata.azvmsec-ignore` string, or what follows `azvmsec:ignore` in a Terraform comment):
 * the rule id, the reason (one line) and the expiry date, or undefined when the text is not in
 * that form. Read piece by piece, in time linear in the text: as one regular expression with a
 * lazy reason between optional spaces, a long line of spaces ending in a line break took minutes.
 */
export function readSuppressionText(text: string): { rule: string; reason?: string; expires?: string } | undefined {
  const head = HEAD.exec(text);
  if (!head) return undefined;
  const rule = head[1] as string;
  let rest = text.slice(head[0].length).trim();
  let expires: string | undefined;
  const at = rest.toLowerCase().lastIndexOf('expires:');
  const tail = at < 0 ? null : EXPIRES.exec(rest.slice(at));
  if (tail) {
    expires = tail[1] as string;
    rest = rest.slice(0, at).trimEnd();
    if (rest.endsWith('[')) rest = rest.slice(0, -1).trimEnd();
  }
  if (rest === '') return { rule, ...(expires ? { expires } : {}) };
  const reason = REASON.exec(rest);
  if (!reason) return undefined;
  const said = rest.slice(reason[0].length);
  if (LINE_BREAK.test(said)) return undefined;
  return { rule, reason: said, ...(expires ? { expires } : {}) };
}
