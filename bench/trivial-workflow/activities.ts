/** The baseline's activity: it does nothing, so its cost is Temporal's own round trip for one activity. */
export const trivialActivities = {
  async noop(step: number): Promise<number> {
    return step;
  },
};
