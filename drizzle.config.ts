// drizzle-kit reads this to generate SQL migrations from src/store/schema.ts:
//   npx drizzle-kit generate --name <what_changed>
// The files land in src/store/migrations and are applied by src/store/migrate.ts on both back ends.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
});
