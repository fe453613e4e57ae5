/** "1 document", "2 documents", "1,200 passages": a count and its noun, agreeing, for the app and the CLI. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;
}
