declare module 'quadprog' {
  interface QpResult {
    solution: number[];
    Lagrangian: number[];
    value: number[];
    iterations: number[];
    iact: number[];
    message: string;
  }
  /**
   * Goldfarb–Idnani: minimise −dᵀb + ½ bᵀDb subject to Aᵀb ≥ b0, the first `meq` as equalities (1-based arrays).
   */
  export function solveQP(D: number[][], d: number[], A: number[][], b0: number[], meq?: number): QpResult;
}
