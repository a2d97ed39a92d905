/** The error a promise rejects with; throws where it resolves, so a test of a refusal cannot pass by accident. */
export async function rejection(p: Promise<unknown>, what = 'a rejection'): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected ${what}`);
}
