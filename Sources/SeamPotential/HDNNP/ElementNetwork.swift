#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SeamCore

/// A feed-forward atomic neural network of one element (n2p2-format.md section 7).
///
/// Weights are stored per layer in the order of `weights.ZZZ.data`: for layer l, entry
/// `j * n_l + k` is the weight from neuron j of layer l-1 to neuron k of layer l. That order
/// makes the forward pass an axpy over k (vectorisable) while summing each neuron's inputs
/// from 0.0 in increasing j, exactly as n2p2 does.
public struct ElementNetwork: Sendable, Hashable {
    /// Neurons per layer, input (number of symmetry functions) and output (1) included.
    public let layerSizes: [Int]
    /// Activation of each non-input layer.
    public let activations: [Activation]
    /// Divide each pre-activation by the fan-in (`normalize_nodes`).
    public let normalizeNodes: Bool
    /// All weights, layer after layer, each layer followed by its biases.
    @usableFromInline let parameters: [Double]
    /// Offset of layer l's weight block in `parameters` (index l-1); biases follow at + n_{l-1} n_l.
    @usableFromInline let layerOffsets: [Int]

    /// Number of weights and biases: sum over layers of (n_{l-1} + 1) n_l.
    public var parameterCount: Int { parameters.count }
    /// Total neurons (for workspace sizing).
    public var neuronCount: Int { layerSizes.reduce(0, +) }

    public init(layerSizes: [Int], activations: [Activation], normalizeNodes: Bool, parameters: [Double]) throws {
        precondition(layerSizes.count >= 2 && activations.count == layerSizes.count - 1, "inconsistent topology")
        var offsets: [Int] = [], total = 0
        for l in 1..<layerSizes.count { offsets.append(total); total += (layerSizes[l - 1] + 1) * layerSizes[l] }
        guard parameters.count == total else {
            throw InputError("network \(layerSizes.map(String.init).joined(separator: "-")) needs \(total) weights and biases, got \(parameters.count)")
        }
        self.layerSizes = layerSizes; self.activations = activations; self.normalizeNodes = normalizeNodes
        self.parameters = parameters; self.layerOffsets = offsets
    }

    /// Parses `weights.ZZZ.data`: the first token of every non-empty line not starting with `#`.
    /// The count must match the topology exactly (n2p2 does not check it).
    public static func parse(_ text: String, source: String, layerSizes: [Int], activations: [Activation], normalizeNodes: Bool) throws -> ElementNetwork {
        var values: [Double] = []
        var expected = 0
        for l in 1..<layerSizes.count { expected += (layerSizes[l - 1] + 1) * layerSizes[l] }
        var lastLine = 0
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if raw.hasPrefix("#") { continue }
            guard let token = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).first else { continue }
            let at = SourceLocation(source: source, line: n + 1)
            guard let v = Double(token), v.isFinite else { throw InputError("weight '\(token)' is not a number", at: at) }
            if values.count == expected {
                throw InputError("more weights than the network \(layerSizes.map(String.init).joined(separator: "-")) has (\(expected))", at: at)
            }
            values.append(v); lastLine = n + 1
        }
        guard values.count == expected else {
            throw InputError("network \(layerSizes.map(String.init).joined(separator: "-")) needs \(expected) weights and biases, file has \(values.count)",
                             at: SourceLocation(source: source, line: lastLine))
        }
        return try ElementNetwork(layerSizes: layerSizes, activations: activations, normalizeNodes: normalizeNodes, parameters: values)
    }

    /// y = f(x) and f'(x) in n2p2's arithmetic (EXP_LIMIT = 35).
    @inlinable
    static func activate(_ a: Activation, _ x: Double) -> (Double, Double) {
        switch a {
        case .identity: return (x, 1)
        case .tanh: let y = tanh(x); return (y, 1 - y * y)
        case .logistic:
            if x > 35 { return (1, 0) }
            if x < -35 { return (0, 0) }
            let y = 1 / (1 + exp(-x)); return (y, y * (1 - y))
        case .softplus:
            if x > 35 { return (x, 1) }
            if x < -35 { return (0, 0) }
            let e = exp(x); return (log(1 + e), 1 / (1 + 1 / e))
        case .relu: return x > 0 ? (x, 1) : (0, 0)
        case .gaussian: let y = exp(-x * x / 2); return (y, -x * y)
        case .cosine: return (cos(x), -sin(x))
        case .reverseLogistic: let s = 1 / (1 + exp(-x)); return (1 - s, s * (s - 1))
        case .exponential: let y = exp(-x); return (y, -y)
        case .square: return (x * x, 2 * x)
        }
    }

    /// Forward pass: returns the output and leaves every layer's activations and derivatives in
    /// `values`/`slopes` (laid out layer after layer, `neuronCount` each).
    ///
    /// - Parameters:
    ///   - input: the scaled symmetry functions (n_0 values).
    @inlinable
    func forward(input: UnsafePointer<Double>, values: UnsafeMutablePointer<Double>, slopes: UnsafeMutablePointer<Double>) -> Double {
        parameters.withUnsafeBufferPointer { p in
            let n0 = layerSizes[0]
            for j in 0..<n0 { values[j] = input[j] }
            var inOffset = 0, outOffset = n0
            for l in 1..<layerSizes.count {
                let nIn = layerSizes[l - 1], nOut = layerSizes[l]
                let w = p.baseAddress! + layerOffsets[l - 1]
                let b = w + nIn * nOut
                let x = values + outOffset
                for k in 0..<nOut { x[k] = 0 }
                for j in 0..<nIn {
                    let yj = values[inOffset + j]
                    let row = w + j * nOut
                    for k in 0..<nOut { x[k] += row[k] * yj }
                }
                let a = activations[l - 1]
                for k in 0..<nOut {
                    var xk = x[k] + b[k]
                    if normalizeNodes { xk = xk / Double(nIn) }
                    let (y, d) = ElementNetwork.activate(a, xk)
                    x[k] = y; slopes[outOffset + k] = d
                }
                inOffset = outOffset; outOffset += nOut
            }
            return values[inOffset]
        }
    }

    /// Backward pass after `forward`: writes dE/dG (n_0 values) into `gradient`, using
    /// `delta` (neuronCount scratch). Standard reverse accumulation.
    @inlinable
    func backward(values: UnsafePointer<Double>, slopes: UnsafePointer<Double>, delta: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>) {
        parameters.withUnsafeBufferPointer { p in
            let L = layerSizes.count - 1
            var outOffset = neuronCount - 1
            delta[outOffset] = slopes[outOffset]
            for l in stride(from: L, through: 1, by: -1) {
                let nIn = layerSizes[l - 1], nOut = layerSizes[l]
                let inOffset = outOffset - nIn
                let w = p.baseAddress! + layerOffsets[l - 1]
                for j in 0..<nIn {
                    let row = w + j * nOut
                    var s = 0.0
                    for k in 0..<nOut { s += row[k] * delta[outOffset + k] }
                    if normalizeNodes { s = s / Double(nIn) }
                    if l > 1 { delta[inOffset + j] = s * slopes[inOffset + j] } else { gradient[j] = s }
                }
                outOffset = inOffset
            }
        }
    }
}
