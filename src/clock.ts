/** Time comes in through this, so that tests set it and nothing sleeps. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
