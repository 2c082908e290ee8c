import Foundation
import SeamCore

/// Full-batch L-BFGS on the loss of a `TrainingProblem` (Nocedal and Wright, Numerical
/// Optimization, 2nd ed., algorithm 7.4 with a backtracking Armijo line search), an
/// alternative to minibatch Adam for small networks where full-batch gradients are cheap.
///
/// Hand-written (a few dozen lines) because the training loss lives on a flat parameter
/// vector here and the line search must call the threaded loss. Each iteration costs one
/// full-batch loss + gradient per line-search trial. No checkpointing (use `Trainer` for
/// long resumable runs); the best weights by validation score are kept.
public struct LBFGSTrainer: Sendable {
    public let problem: TrainingProblem
    public var weights = LossWeights()
    /// Iterations (each: one direction, one line search).
    public var iterations = 200
    /// Stored correction pairs.
    public var memory = 20
    public var threads = 1
    public var progressInterval = 10
    /// Indices into `problem.training` that make up the loss (repeats allowed: a bootstrap
    /// resample weights a configuration by its multiplicity); nil = all training configurations.
    public var subset: [Int]? = nil

    public init(problem: TrainingProblem) { self.problem = problem }

    /// Minimises the loss from `start`; returns the best parameters (validation score, or
    /// training loss without validation) and the per-iteration training loss.
    public func run(from start: [Double], progress: (String) -> Void = { _ in }) -> (parameters: [Double], losses: [Double]) {
        let batch = subset ?? Array(problem.training.indices)
        precondition(!batch.isEmpty && batch.allSatisfy { problem.training.indices.contains($0) }, "L-BFGS subset is empty or out of range")
        var x = start
        var (f, g) = problem.lossAndGradient(parameters: x, batch: batch, weights: weights, threads: threads)
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        var losses = [f]
        var best = x, bestScore = Double.infinity
        func dot(_ a: [Double], _ b: [Double]) -> Double { var r = 0.0; for i in a.indices { r += a[i] * b[i] }; return r }
        for it in 1...max(1, iterations) {
            // Two-loop recursion: d = -H g.
            var q = g
            var alpha = [Double](repeating: 0, count: s.count)
            for k in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[k] = rho[k] * dot(s[k], q)
                for i in q.indices { q[i] -= alpha[k] * y[k][i] }
            }
            let gamma = s.isEmpty ? 1 / max(1e-12, dot(g, g).squareRoot()) : dot(s.last!, y.last!) / dot(y.last!, y.last!)
            for i in q.indices { q[i] *= gamma }
            for k in 0..<s.count {
                let b = rho[k] * dot(y[k], q)
                for i in q.indices { q[i] += s[k][i] * (alpha[k] - b) }
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if !(slope < 0) { d = g.map { -$0 * gamma }; slope = dot(g, d); s = []; y = []; rho = [] }
            // Backtracking Armijo line search.
            var step = 1.0, accepted = false
            var xNew = x, fNew = f, gNew = g
            for _ in 0..<30 {
                for i in x.indices { xNew[i] = x[i] + step * d[i] }
                (fNew, gNew) = problem.lossAndGradient(parameters: xNew, batch: batch, weights: weights, threads: threads)
                if fNew.isFinite && fNew <= f + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            guard accepted else { progress("L-BFGS: line search failed at iteration \(it); stopping"); break }
            let sk = zip(xNew, x).map { $0 - $1 }, yk = zip(gNew, g).map { $0 - $1 }
            let sy = dot(sk, yk)
            if sy > 1e-12 * dot(yk, yk).squareRoot() * dot(sk, sk).squareRoot() {
                s.append(sk); y.append(yk); rho.append(1 / sy)
                if s.count > memory { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            x = xNew; f = fNew; g = gNew
            losses.append(f)
            let val = problem.validation.isEmpty ? nil : problem.errors(parameters: x, on: problem.validation, threads: threads)
            let score = val.map { weights.energy * $0.energyPerAtom * $0.energyPerAtom + weights.force * $0.force * $0.force } ?? f
            var mark = ""
            if score < bestScore { bestScore = score; best = x; mark = " *" }
            if it % max(1, progressInterval) == 0 || it == iterations {
                let train = problem.errors(parameters: x, on: problem.training, threads: threads)
                var line = String(format: "L-BFGS %4d/%d  loss %.4e  train E %8.3f meV/atom  F %8.2f meV/Å", it, iterations, f,
                                  1000 * train.energyPerAtom, 1000 * train.force)
                if let val { line += String(format: "  |  validation E %8.3f meV/atom  F %8.2f meV/Å", 1000 * val.energyPerAtom, 1000 * val.force) }
                progress(line + mark)
            }
        }
        return (best, losses)
    }
}
