import SeamCore
import SeamPotential

/// Outcome of relaxing an inserted crack at one K.
public enum CrackOutcome: String, Sendable, Codable {
    /// The tip moved forward by at least ¾ of the advance spacing.
    case advanced
    /// The tip moved back by at least ¾ of the advance spacing (the crack closed).
    case healed
    /// The tip stayed within ¾ of a spacing of the inserted position.
    case trapped
}

/// K at crack advance (K_+) and at healing (K_-), each bracketed by the largest K observed on
/// the safe side and the smallest on the event side. Units eV/Å^{5/2}.
public struct LatticeTrappingResult: Sendable {
    public var mode: CrackSolverMode
    /// Highest K observed trapped below advance, lowest K observed advanced.
    public var advanceBracket: (trapped: Double, advanced: Double)
    /// Highest K observed healed, lowest K observed trapped above it (nil when not searched).
    public var healingBracket: (healed: Double, trapped: Double)?
    /// Every relaxation made, in order, with its outcome.
    public var records: [(record: CrackStepRecord, outcome: CrackOutcome)]
    /// K_+ (midpoint of its bracket) and K_- (midpoint of its bracket).
    public var advanceK: Double { 0.5 * (advanceBracket.trapped + advanceBracket.advanced) }
    public var healingK: Double? { healingBracket.map { 0.5 * ($0.healed + $0.trapped) } }
}

extension KFieldCrackProblem {
    /// Classifies a record by the tip's move from the inserted position.
    public func outcome(_ record: CrackStepRecord) -> CrackOutcome {
        let s = 0.75 * configuration.advanceSpacing
        return record.tipAdvance >= s ? .advanced : (record.tipAdvance <= -s ? .healed : .trapped)
    }

    /// Finds K_+ and K_- by relaxing the inserted crack afresh at each K (no load history, so
    /// the result does not depend on the path): starting at `start`, K moves in steps of
    /// `relativeStep` × start until the event (advance upward, healing downward) is seen or
    /// ruled out at the start, then `bisections` bisections narrow each bracket.
    ///
    /// - Throws: `NumericalError(.noConvergence)` when no event is found within `maxSteps`
    ///   steps; errors of the solvers. `healing` false skips the search for K_-.
    public func latticeTrapping(_ mode: CrackSolverMode, start: Double, relativeStep: Double = 0.05, bisections: Int = 3,
                                maxSteps: Int = 12, healing: Bool = true,
                                progress: (CrackStepRecord, CrackOutcome) -> Void = { _, _ in }) throws -> LatticeTrappingResult {
        precondition(start > 0 && relativeStep > 0 && bisections >= 0)
        var records: [(record: CrackStepRecord, outcome: CrackOutcome)] = []
        var cache: [Double: CrackOutcome] = [:]
        func classify(_ k: Double) throws -> CrackOutcome {
            if let o = cache[k] { return o }
            let r = try solve(mode, k: k)
            let o = outcome(r)
            records.append((r, o)); cache[k] = o
            progress(r, o)
            return o
        }
        let step = relativeStep * start
        /// Bracket [safe, event] of the transition where `isEvent` switches on, moving in
        /// direction `sign` (+1: event at higher K).
        func bracket(sign: Double, isEvent: (CrackOutcome) -> Bool) throws -> (safe: Double, event: Double) {
            var safe: Double, event: Double
            if try isEvent(classify(start)) {
                event = start
                var k = start
                var n = 0
                repeat {
                    n += 1
                    guard n <= maxSteps, k - sign * step > 0 else {
                        throw NumericalError(.noConvergence, "no K without the event found from \(start) eV/Å^(5/2) in \(maxSteps) steps")
                    }
                    k -= sign * step
                    if try isEvent(classify(k)) { event = k } else { break }
                } while true
                safe = k
            } else {
                safe = start
                var k = start, n = 0
                repeat {
                    n += 1
                    guard n <= maxSteps, k + sign * step > 0 else {
                        throw NumericalError(.noConvergence, "no event found from \(start) eV/Å^(5/2) in \(maxSteps) steps of \(step)")
                    }
                    k += sign * step
                    if try isEvent(classify(k)) { break } else { safe = k }
                } while true
                event = k
            }
            for _ in 0..<bisections {
                let mid = 0.5 * (safe + event)
                if try isEvent(classify(mid)) { event = mid } else { safe = mid }
            }
            return (safe, event)
        }
        let advance = try bracket(sign: 1) { $0 == .advanced }
        let heal = healing ? try bracket(sign: -1) { $0 == .healed } : nil
        return LatticeTrappingResult(mode: mode, advanceBracket: (advance.safe, advance.event),
                                     healingBracket: heal.map { ($0.event, $0.safe) }, records: records)
    }
}
