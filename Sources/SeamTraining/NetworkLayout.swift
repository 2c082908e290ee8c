#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SeamCore
import SeamPotential

/// Where each element's network lives in the flat parameter vector that training optimises,
/// and the shape of each network. Per element the parameters are in `weights.ZZZ.data` order
/// (per layer l: weights j * n_l + k, then biases), elements in Z order.
public struct NetworkLayout: Sendable, Hashable {
    public struct Network: Sendable, Hashable {
        /// Neurons per layer, input and output included.
        public var layerSizes: [Int]
        public var activations: [Activation]
        /// Offset of this network's first parameter in the flat vector.
        public var offset: Int
        /// Offsets of each layer's weight block relative to `offset` (biases follow at + n_{l-1} n_l).
        public var layerOffsets: [Int]
        public var parameterCount: Int
        public var neuronCount: Int { layerSizes.reduce(0, +) }
    }
    public var networks: [Network]
    public var parameterCount: Int

    public init(settings: N2P2Settings) {
        var nets: [Network] = [], total = 0
        for k in settings.elements.indices {
            let sizes = settings.layerSizes[k]
            var offsets: [Int] = [], count = 0
            for l in 1..<sizes.count { offsets.append(count); count += (sizes[l - 1] + 1) * sizes[l] }
            nets.append(Network(layerSizes: sizes, activations: settings.activations[k], offset: total, layerOffsets: offsets, parameterCount: count))
            total += count
        }
        networks = nets; parameterCount = total
    }

    /// Random initial parameters (fixed seed): Glorot-uniform weights, w ~ U(-a, a) with
    /// a = sqrt(6 / (n_in + n_out)), the output layer scaled by `outputScale`; biases zero.
    public func initialParameters(seed: UInt64, outputScale: Double = 0.1) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        var p = [Double](repeating: 0, count: parameterCount)
        for net in networks {
            for l in 1..<net.layerSizes.count {
                let nIn = net.layerSizes[l - 1], nOut = net.layerSizes[l]
                let a = (6.0 / Double(nIn + nOut)).squareRoot() * (l == net.layerSizes.count - 1 ? outputScale : 1)
                let base = net.offset + net.layerOffsets[l - 1]
                for q in 0..<(nIn * nOut) { p[base + q] = a * (2 * rng.uniform() - 1) }
            }
        }
        return p
    }

    /// The element networks for a parameter vector (for `HDNNP` and for writing weights).
    public func elementNetworks(_ parameters: [Double]) throws -> [ElementNetwork] {
        precondition(parameters.count == parameterCount, "parameter vector has \(parameters.count) values, layout needs \(parameterCount)")
        return try networks.map { n in
            try ElementNetwork(layerSizes: n.layerSizes, activations: n.activations, normalizeNodes: false,
                               parameters: Array(parameters[n.offset..<(n.offset + n.parameterCount)]))
        }
    }

    /// The flat parameter vector of element networks (inverse of `elementNetworks`).
    public func parameters(of networks: [ElementNetwork]) -> [Double] {
        networks.flatMap(\.parameterValues)
    }
}

/// y = f(x), f'(x) and f''(x) of the trainable activations, with n2p2's arithmetic for y and
/// f' (EXP_LIMIT = 35) so that trained networks predict bit-identically to `ElementNetwork`.
@inline(__always)
func activate2(_ a: Activation, _ x: Double) -> (Double, Double, Double) {
    switch a {
    case .identity: return (x, 1, 0)
    case .tanh: let y = tanh(x); let d = 1 - y * y; return (y, d, -2 * y * d)
    case .logistic:
        if x > 35 { return (1, 0, 0) }
        if x < -35 { return (0, 0, 0) }
        let y = 1 / (1 + exp(-x)); let d = y * (1 - y); return (y, d, d * (1 - 2 * y))
    case .softplus:
        if x > 35 { return (x, 1, 0) }
        if x < -35 { return (0, 0, 0) }
        let e = exp(x); let d = 1 / (1 + 1 / e); return (log(1 + e), d, d * (1 - d))
    default:
        preconditionFailure("activation \(a) is not trainable (PotentialDefinition rejects it)")
    }
}
