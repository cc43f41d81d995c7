/**
 * The mesh overlays of ../shared/conformance/istio/cases.json (`meshOverlay`), merged into a settings folder's mesh as
 * the cases describe: objects key by key, lists of named objects (`extensionProviders`) by name, `$append` appends.
 */
type JSONObject = Record<string, unknown>;

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function mergeMeshOverlay(base: unknown, overlay: unknown): unknown {
  if (!isObject(base) || !isObject(overlay)) return overlay;
  const out: JSONObject = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    if (k === '$append' && isObject(v)) {
      for (const [lk, items] of Object.entries(v)) {
        const current = Array.isArray(out[lk]) ? (out[lk] as unknown[]) : [];
        out[lk] = [...current, ...(Array.isArray(items) ? items : [items])];
      }
      continue;
    }
    const cur = out[k];
    if (Array.isArray(cur) && Array.isArray(v) && v.every((x) => isObject(x) && typeof x['name'] === 'string')) {
      const merged = [...cur];
      for (const item of v as JSONObject[]) {
        const at = merged.findIndex((m) => isObject(m) && m['name'] === item['name']);
        if (at >= 0) merged[at] = item;
        else merged.push(item);
      }
      out[k] = merged;
    } else {
      out[k] = isObject(cur) && isObject(v) ? mergeMeshOverlay(cur, v) : v;
    }
  }
  return out;
}
