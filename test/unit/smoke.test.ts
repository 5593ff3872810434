test('jest runs TypeScript', () => { expect(1 + 1).toBe(2); });
