import { DataSource } from 'typeorm';
import { APP_ENTITIES } from '../app.entities.js';
import { dataSourceOptions } from '../database/data-source-options.js';

/** Prints the SQL that would bring the database in line with the entities (development aid for migrations). */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL');
const ds = await new DataSource(dataSourceOptions(url, APP_ENTITIES)).initialize();
const sql = await ds.driver.createSchemaBuilder().log();
for (const q of sql.upQueries) process.stdout.write(`${q.query};\n`);
process.stdout.write('-- DOWN\n');
for (const q of sql.downQueries.reverse()) process.stdout.write(`${q.query};\n`);
await ds.destroy();
