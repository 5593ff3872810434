import type { DataMap, TableSpec } from './data-map-schema';

/**
 * Tables in the order rows can be removed: a table whose rows point at another (messages at their
 * conversation) comes before it, so deleting never trips a foreign key and a related row is still there
 * to find the pointing rows by. Otherwise the map's own order is kept.
 */
export function removalOrder(map: DataMap): TableSpec[] {
  const ordered: TableSpec[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const pointingAt = (t: TableSpec) => map.tables.filter((x) => x.source === t.source && x.relations.some((r) => r.table === t.table));
  const visit = (t: TableSpec) => {
    if (placed.has(t.id) || visiting.has(t.id)) return;
    visiting.add(t.id);
    for (const dependent of pointingAt(t)) visit(dependent);
    visiting.delete(t.id);
    placed.add(t.id);
    ordered.push(t);
  };
  for (const t of map.tables) visit(t);
  return ordered;
}
