import { createWorkQueue } from '../../../../bot/receiver/work-queue';

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() };

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe('work after acks', () => {
  it('gives way to unanswered Slack requests: one job at a time until every request has its answer', async () => {
    const queue = createWorkQueue({ concurrency: 4, busyConcurrency: 1, logger });
    const release = gate();
    let running = 0;
    let maxRunning = 0;
    const job = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await release.opened;
      running -= 1;
    };

    queue.requestArrived();
    for (let i = 0; i < 6; i += 1) queue.run('job', job);
    await Promise.resolve();
    expect(running).toBe(1);

    queue.requestAnswered();
    await Promise.resolve();
    expect(running).toBe(4);

    release.open();
    await queue.idle();
    expect(maxRunning).toBe(4);
    expect(queue.pending()).toBe(0);
  });

  it('logs a failed job with what it was and goes on with the next', async () => {
    const queue = createWorkQueue({ concurrency: 1, logger });
    const done = jest.fn();
    queue.run('the failing job', async () => {
      throw new Error('database down');
    });
    queue.run('the next job', async () => done());
    await queue.idle();
    expect(logger.error).toHaveBeenCalledWith('work after the ack failed', { what: 'the failing job', error: 'database down' });
    expect(done).toHaveBeenCalled();
  });
});
