/** One checked outcome of the fault suite. */
export interface CaseResult {
  suite: string;
  name: string;
  ok: boolean;
  detail: string;
  peakMiB?: number | null;
  seconds?: number;
}
