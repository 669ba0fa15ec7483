test('env', () => { expect(process.env.DATABASE_URL).toMatch(/eenplan_test/); });
