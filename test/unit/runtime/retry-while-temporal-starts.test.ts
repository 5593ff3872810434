import { retryWhileTemporalStarts } from '../../../runtime/retry-while-temporal-starts';

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn(), child: jest.fn() } as never;
const grpc = (code: number) => Object.assign(new Error('Failed to describe schedule'), { cause: Object.assign(new Error(`${code} status`), { code }) });

test('a deadline exceeded while Temporal starts is waited out, then the call succeeds', async () => {
  let calls = 0;
  const result = await retryWhileTemporalStarts('the schedules', async () => {
    calls += 1;
    if (calls < 3) throw grpc(4);
    return 'ensured';
  }, logger);
  expect({ result, calls }).toEqual({ result: 'ensured', calls: 3 });
});

test('any other failure is thrown at once', async () => {
  let calls = 0;
  await expect(
    retryWhileTemporalStarts('the schedules', async () => {
      calls += 1;
      throw grpc(7); // PERMISSION_DENIED
    }, logger),
  ).rejects.toThrow('Failed to describe schedule');
  expect(calls).toBe(1);
});

test('Temporal that never becomes ready fails the start after the window', async () => {
  await expect(retryWhileTemporalStarts('the schedules', async () => Promise.reject(grpc(14)), logger, 1_200)).rejects.toThrow('Failed to describe schedule');
});
