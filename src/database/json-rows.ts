import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { rememberMicroseconds } from '../common/precise-instant.js';

/**
 * Entities from rows that PostgreSQL returned as JSON (`json_agg(t)`, `to_json(t)`: keys are the column names), so
 * one statement can read a row together with its children and each child list still becomes proper entities. Every
 * column goes through the driver's own hydration (timestamps to `Date`, transformers), as if TypeORM had read it; a
 * timestamp's microseconds are remembered (`instantKey`), as the driver's parser does for rows.
 */
export function entitiesFromJson<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: unknown): T[] {
  if (rows === null || rows === undefined) return [];
  if (!Array.isArray(rows)) throw new Error('entitiesFromJson: expected a JSON array');
  const metadata = manager.dataSource.getMetadata(target);
  const driver = manager.dataSource.driver;
  return (rows as Array<Record<string, unknown>>).map((row) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      const raw = row[column.databaseName];
      const value: unknown = driver.prepareHydratedValue(raw, column);
      column.setEntityValue(entity, typeof raw === 'string' ? rememberMicroseconds(value, raw) : value);
    }
    return entity;
  });
}

/** One entity from a JSON object (`to_json(t)`), or undefined for SQL NULL. */
export function entityFromJson<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: unknown): T | undefined {
  return row === null || row === undefined ? undefined : entitiesFromJson(manager, target, [row])[0];
}
