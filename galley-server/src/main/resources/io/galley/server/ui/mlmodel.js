// Reads the signature out of an MLmodel file. MLflow writes it with PyYAML's safe_dump (Galley's SDK
// the same way): `signature:` holds `inputs:` and `outputs:`, each a JSON text as one YAML scalar,
// plain or quoted and folded over several lines when long. That much YAML is read here; no more.

/** {inputs, outputs} (arrays of MLflow column specs, or null), or null when there is no signature. */
export function parseSignature(text) {
  const block = topLevelBlock(text || '', 'signature');
  if (!block) return null;
  const json = (raw) => {
    const value = scalar(raw);
    if (value === null || value === '') return null;
    try {
      return JSON.parse(value);
    } catch {
      return null;
    }
  };
  return { inputs: json(block.inputs), outputs: json(block.outputs) };
}

/** The raw (unparsed) scalars of the two-space-indented keys under a top-level `key:`. */
function topLevelBlock(text, key) {
  const lines = text.split(/\r?\n/);
  const start = lines.indexOf(`${key}:`);
  if (start < 0) return null;
  const out = {};
  let current = null;
  for (const line of lines.slice(start + 1)) {
    if (line !== '' && !line.startsWith(' ')) break;
    const m = /^ {2}([A-Za-z_][\w-]*):(?: (.*))?$/.exec(line);
    if (m) {
      current = m[1];
      out[current] = [m[2] ?? ''];
    } else if (current) {
      out[current].push(line.trim());
    }
  }
  return out;
}

/** A YAML flow scalar: line breaks fold to spaces (an empty line to a newline), then unquoting. */
function scalar(parts) {
  if (!parts) return null;
  let folded = '';
  parts.forEach((p, i) => {
    if (i === 0) folded = p;
    else if (p === '') folded += '\n';
    else folded += folded.endsWith('\n') ? p : ` ${p}`;
  });
  folded = folded.trim();
  if (folded.startsWith("'") && folded.endsWith("'")) return folded.slice(1, -1).replaceAll("''", "'");
  if (folded.startsWith('"') && folded.endsWith('"')) {
    try {
      return JSON.parse(folded);
    } catch {
      return folded.slice(1, -1);
    }
  }
  if (folded === 'null' || folded === '~') return null;
  return folded;
}
