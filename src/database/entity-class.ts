/** A TypeORM entity class, as the data source's `entities` list takes it. */
export type EntityClass = new () => object;
