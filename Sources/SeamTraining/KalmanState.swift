import SeamCore

/// Everything needed to continue an extended-Kalman-filter fit exactly at an epoch boundary:
/// the weights, the error covariance P, the annealed process noise q and learning rate η, the
/// update count and the training RMSEs that the next epoch's threshold selection compares
/// against. Epochs are reproducible from the seed and the epoch number, so no generator state
/// is stored.
public struct KalmanState: Sendable, Equatable {
    /// Completed epochs.
    public var epoch: Int
    /// Kalman updates performed so far.
    public var updates: Int
    public var parameters: [Double]
    /// Error covariance P, n·n values row-major; only the lower triangle (i ≥ j) is used and
    /// kept (the upper triangle stays zero).
    public var covariance: [Double]
    /// Process noise q (added to P's diagonal after every update), per unit weight squared.
    public var processNoise: Double
    /// Learning rate η: the observation noise is 1/η (in squared observation units).
    public var learningRate: Double
    /// Training RMSE of the energy per atom (eV/atom) after the last epoch.
    public var energyRMSE: Double
    /// Training RMSE of the force components (eV/Å) after the last epoch.
    public var forceRMSE: Double

    /// The state before the first update: P₀ = I/ε.
    public init(parameters: [Double], epsilon: Double, processNoise: Double, learningRate: Double) {
        let n = parameters.count
        epoch = 0; updates = 0; self.parameters = parameters
        covariance = [Double](repeating: 0, count: n * n)
        for i in 0..<n { covariance[i * n + i] = 1 / epsilon }
        self.processNoise = processNoise; self.learningRate = learningRate
        energyRMSE = .infinity; forceRMSE = .infinity
    }

    /// Checkpoint text: `key value` lines, then `parameters n` with n values and `covariance n`
    /// with the n(n+1)/2 lower-triangle values row by row, one %.17g value per line (bit-exact).
    public func format() -> String {
        let n = parameters.count
        var s = "# Seam Kalman-filter training checkpoint (P: lower triangle, row by row)\nversion 1\n"
        s += "epoch \(epoch)\nupdates \(updates)\nprocess_noise \(fmt(processNoise))\nlearning_rate \(fmt(learningRate))\n"
        s += "energy_rmse \(fmt(energyRMSE))\nforce_rmse \(fmt(forceRMSE))\n"
        s += "parameters \(n)\n"
        for x in parameters { s += fmt(x) + "\n" }
        s += "covariance \(n)\n"
        s.reserveCapacity(s.utf8.count + 24 * n * (n + 1) / 2)
        for i in 0..<n { for j in 0...i { s += fmt(covariance[i * n + j]); s += "\n" } }
        return s
    }

    /// Parses `format()` output; errors carry the line.
    public static func parse(_ text: String, source: String) throws -> KalmanState {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var n = 0
        var scalars: [String: Substring] = [:]
        var parameters: [Double]? = nil, covariance: [Double]? = nil
        func number(_ q: Int) throws -> Double {
            guard q < lines.count, let x = Double(lines[q]) else {
                throw InputError("'\(q < lines.count ? String(lines[q]) : "")' is not a number", at: SourceLocation(source: source, line: q + 1))
            }
            return x
        }
        while n < lines.count {
            let line = lines[n]; n += 1
            if line.hasPrefix("#") || line.allSatisfy({ $0 == " " }) { continue }
            let t = line.split(separator: " ")
            let at = SourceLocation(source: source, line: n)
            guard t.count == 2 else { throw InputError("expected 'key value', got '\(line)'", at: at) }
            switch t[0] {
            case "parameters":
                guard let count = Int(t[1]), count >= 1, n + count <= lines.count else { throw InputError("bad parameter count '\(t[1])'", at: at) }
                parameters = try (0..<count).map { try number(n + $0) }
                n += count
            case "covariance":
                guard let count = Int(t[1]), count == parameters?.count else { throw InputError("covariance size '\(t[1])' does not match the parameters", at: at) }
                var p = [Double](repeating: 0, count: count * count)
                for i in 0..<count { for j in 0...i { p[i * count + j] = try number(n); n += 1 } }
                covariance = p
            default: scalars[String(t[0])] = t[1]
            }
        }
        let at = SourceLocation(source: source)
        guard scalars["version"] == "1" else { throw InputError("unknown Kalman checkpoint version '\(scalars["version"] ?? "")'", at: at) }
        guard let p = parameters, let c = covariance else { throw InputError("checkpoint lacks parameters or covariance", at: at) }
        func value(_ k: String) throws -> Double {
            guard let v = scalars[k].flatMap({ Double($0) }) else { throw InputError("missing or bad '\(k)'", at: at) }
            return v
        }
        func integer(_ k: String) throws -> Int {
            guard let v = scalars[k].flatMap({ Int($0) }) else { throw InputError("missing or bad '\(k)'", at: at) }
            return v
        }
        var s = KalmanState(parameters: p, epsilon: 1, processNoise: try value("process_noise"), learningRate: try value("learning_rate"))
        s.covariance = c
        s.epoch = try integer("epoch"); s.updates = try integer("updates")
        s.energyRMSE = try value("energy_rmse"); s.forceRMSE = try value("force_rmse")
        return s
    }
}
