import type { INestApplication } from '@nestjs/common';

export interface DemoResult {
  seeded: boolean;
  tenantName: string;
  households: number;
  tokens: Array<{ role: string; email: string; token: string }>;
}

export async function seedDemoIfEmpty(_app: INestApplication): Promise<DemoResult | undefined> {
  return undefined;
}
