import SeamCore
import SeamPotential

/// Per-thread scratch memory of the loss-gradient kernel: every atom's activations, first and
/// second activation derivatives and dE/dG of one configuration, its forces, and the tangent
/// and adjoint vectors of one atom. Allocated once per thread and grown on demand; never shared.
final class GradientWorkspace {
    let neurons: Int
    let descriptors: Int
    private(set) var atomCapacity = 0
    var values = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var slopes = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var curvatures = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var dEdG = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var forces = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    let u: UnsafeMutablePointer<Double>
    let tangentA: UnsafeMutablePointer<Double>
    let tangentH: UnsafeMutablePointer<Double>
    let adjoint: UnsafeMutablePointer<Double>
    let adjointTangent: UnsafeMutablePointer<Double>

    init(layout: NetworkLayout) {
        neurons = max(1, layout.networks.map(\.neuronCount).max() ?? 1)
        descriptors = max(1, layout.networks.map { $0.layerSizes[0] }.max() ?? 1)
        u = .allocate(capacity: descriptors)
        tangentA = .allocate(capacity: neurons); tangentH = .allocate(capacity: neurons)
        adjoint = .allocate(capacity: neurons); adjointTangent = .allocate(capacity: neurons)
        reserve(atoms: 64)
    }

    func reserve(atoms n: Int) {
        guard n > atomCapacity else { return }
        let cap = max(n, 2 * atomCapacity)
        values.deallocate(); slopes.deallocate(); curvatures.deallocate(); dEdG.deallocate(); forces.deallocate()
        values = .allocate(capacity: cap * neurons); slopes = .allocate(capacity: cap * neurons)
        curvatures = .allocate(capacity: cap * neurons); dEdG = .allocate(capacity: cap * descriptors)
        forces = .allocate(capacity: 3 * cap)
        atomCapacity = cap
    }

    deinit {
        values.deallocate(); slopes.deallocate(); curvatures.deallocate(); dEdG.deallocate(); forces.deallocate()
        u.deallocate(); tangentA.deallocate(); tangentH.deallocate(); adjoint.deallocate(); adjointTangent.deallocate()
    }
}

/// The hot loops of training: network forward and backward passes, forces from dE/dG, and the
/// exact gradient of the energy and force loss with respect to all weights.
///
/// Hand-written (the recipe measured autodiff 600-1500x slower; `seam-bench` training
/// throughput). For an atom with output y(G; w), forces need ∂y/∂G and the force loss needs the
/// mixed derivative ∂²y/∂G∂w contracted with u_s = Σ_jα ΔF_jα ∂G_s/∂r_jα. That contraction is
/// the weight gradient of the directional derivative ẏ = ∇_G y · u, computed by a forward
/// tangent pass (ȧ_l = W_l ḣ_{l-1}, ḣ_l = f'(a_l) ȧ_l, ḣ_0 = u) followed by one reverse pass
/// through both y and ẏ (reverse-over-forward, "double backpropagation"):
///   ǡ_l = f'(a_l) ḣ̄_l,  ā_l = f'(a_l) h̄_l + f''(a_l) ȧ_l ḣ̄_l,
///   ∂/∂W_l[j,k] += ā_k h_{l-1,j} + ǡ_k ḣ_{l-1,j},  ∂/∂b_l[k] += ā_k,
///   h̄_{l-1} = W_l ā,  ḣ̄_{l-1} = W_l ǡ,
/// seeded with h̄_L = ∂L/∂y and ḣ̄_L = -2 c_F (the force loss's weight).
enum GradientKernel {
    /// Forward pass in `ElementNetwork.forward`'s operation order; stores activations, first and
    /// second derivatives per neuron (layer after layer). Returns the output.
    @inline(__always)
    static func forward(_ net: NetworkLayout.Network, _ p: UnsafePointer<Double>, input: UnsafePointer<Double>,
                        values: UnsafeMutablePointer<Double>, slopes: UnsafeMutablePointer<Double>,
                        curvatures: UnsafeMutablePointer<Double>) -> Double {
        let sizes = net.layerSizes
        let n0 = sizes[0]
        for j in 0..<n0 { values[j] = input[j] }
        var inOffset = 0, outOffset = n0
        for l in 1..<sizes.count {
            let nIn = sizes[l - 1], nOut = sizes[l]
            let w = p + net.offset + net.layerOffsets[l - 1]
            let b = w + nIn * nOut
            let x = values + outOffset
            for k in 0..<nOut { x[k] = 0 }
            for j in 0..<nIn {
                let yj = values[inOffset + j]
                let row = w + j * nOut
                for k in 0..<nOut { x[k] += row[k] * yj }
            }
            let a = net.activations[l - 1]
            for k in 0..<nOut {
                let (y, d, d2) = activate2(a, x[k] + b[k])
                x[k] = y; slopes[outOffset + k] = d; curvatures[outOffset + k] = d2
            }
            inOffset = outOffset; outOffset += nOut
        }
        return values[inOffset]
    }

    /// dy/dG after `forward` (n2p2's backward order), into `gradient`; `delta` is scratch.
    @inline(__always)
    static func backward(_ net: NetworkLayout.Network, _ p: UnsafePointer<Double>, slopes: UnsafePointer<Double>,
                         delta: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>) {
        let sizes = net.layerSizes
        var outOffset = net.neuronCount - 1
        delta[outOffset] = slopes[outOffset]
        for l in stride(from: sizes.count - 1, through: 1, by: -1) {
            let nIn = sizes[l - 1], nOut = sizes[l]
            let inOffset = outOffset - nIn
            let w = p + net.offset + net.layerOffsets[l - 1]
            for j in 0..<nIn {
                let row = w + j * nOut
                var s = 0.0
                for k in 0..<nOut { s += row[k] * delta[outOffset + k] }
                if l > 1 { delta[inOffset + j] = s * slopes[inOffset + j] } else { gradient[j] = s }
            }
            outOffset = inOffset
        }
    }

    /// Network energy Σ_i y_i (eV, offsets excluded) and forces F = -Σ_i Σ_s ∂y_i/∂G_s ∂G_s/∂r
    /// (eV/Å, into `ws.forces`, 3N values). Leaves activations and dE/dG of every atom in `ws`.
    static func predict(_ c: PreparedConfiguration, _ layout: NetworkLayout, _ p: UnsafePointer<Double>,
                        _ ws: GradientWorkspace, forces: Bool) -> Double {
        let d = c.descriptors
        let n = d.atomCount
        ws.reserve(atoms: n)
        let nr = ws.neurons, ns = ws.descriptors
        var energy = 0.0
        let f = ws.forces
        if forces { f.update(repeating: 0, count: 3 * n) }
        d.values.withUnsafeBufferPointer { g in
        d.derivatives.withUnsafeBufferPointer { dG in
            for i in 0..<n {
                let net = layout.networks[Int(d.elementIndices[i])]
                let v = ws.values + i * nr, s = ws.slopes + i * nr, s2 = ws.curvatures + i * nr
                energy += forward(net, p, input: g.baseAddress! + d.valueOffsets[i], values: v, slopes: s, curvatures: s2)
                guard forces else { continue }
                let dEdG = ws.dEdG + i * ns
                backward(net, p, slopes: s, delta: ws.adjoint, gradient: dEdG)
                let nsf = net.layerSizes[0]
                for e in d.entryOffsets[i]..<d.entryOffsets[i + 1] {
                    let base = dG.baseAddress! + d.derivativeOffsets[e]
                    var gx = 0.0, gy = 0.0, gz = 0.0
                    for k in 0..<nsf {
                        let c = dEdG[k]
                        gx += c * base[3 * k]; gy += c * base[3 * k + 1]; gz += c * base[3 * k + 2]
                    }
                    let j = 3 * Int(d.entryAtoms[e])
                    f[j] -= gx; f[j + 1] -= gy; f[j + 2] -= gz
                }
            }
        } }
        return energy
    }

    /// Adds the gradient of c_E (ΔE/N)^2 + c_F Σ ΔF^2 for one configuration to `gradient`
    /// and returns (ΔE in eV, Σ ΔF^2 in (eV/Å)^2).
    static func accumulate(_ c: PreparedConfiguration, _ layout: NetworkLayout, _ p: UnsafePointer<Double>,
                           energyCoefficient cE: Double, forceCoefficient cF: Double,
                           gradient: UnsafeMutablePointer<Double>, _ ws: GradientWorkspace) -> (Double, Double) {
        let useForces = cF != 0
        let energy = predict(c, layout, p, ws, forces: useForces)
        let d = c.descriptors
        let n = d.atomCount
        let dE = energy - c.targetEnergy
        let f = ws.forces
        var sumF = 0.0
        if useForces {
            c.referenceForces.withUnsafeBufferPointer { r in
                for q in 0..<(3 * n) { let x = f[q] - r[q]; f[q] = x; sumF += x * x }   // f now holds ΔF
            }
        }
        backpropagate(c, layout, p, energySeed: cE * 2 * dE / Double(n * n), direction: useForces ? UnsafePointer(f) : nil,
                      forceSeed: -2 * cF, gradient: gradient, ws)
        return (dE, sumF)
    }

    /// Adds to `gradient` the weight gradient of the functional (linear in the outputs)
    /// L = energySeed · Σ_i y_i + forceSeed · Σ_i ∇_G y_i · u_i, u_i = Σ_j v_j · ∂G_i/∂r_j,
    /// where v = `direction` (3N values; nil: no force term). With forceSeed = −1 the second
    /// term is Σ_j v_j · F_j (forces F = −∂E/∂r). Needs the activations of `predict(c, …)` in `ws`.
    ///
    /// `accumulate` calls it with the loss's seeds (v = ΔF); the Kalman filter with one energy
    /// (energySeed = 1/N, no direction) or one force component (v = unit vector, forceSeed = −1)
    /// to get a row of the Jacobian: one backpropagation code for both.
    static func backpropagate(_ c: PreparedConfiguration, _ layout: NetworkLayout, _ p: UnsafePointer<Double>,
                              energySeed: Double, direction: UnsafePointer<Double>?, forceSeed: Double,
                              gradient: UnsafeMutablePointer<Double>, _ ws: GradientWorkspace) {
        let d = c.descriptors
        let n = d.atomCount
        let useForces = direction != nil
        let seedE = energySeed, seedF = forceSeed
        let nr = ws.neurons
        d.derivatives.withUnsafeBufferPointer { dG in
            for i in 0..<n {
                let net = layout.networks[Int(d.elementIndices[i])]
                let sizes = net.layerSizes
                let nsf = sizes[0]
                let h = UnsafePointer(ws.values + i * nr), s = UnsafePointer(ws.slopes + i * nr), s2 = UnsafePointer(ws.curvatures + i * nr)
                let ta = ws.tangentA, th = ws.tangentH
                // u_s = Σ_j ΔF_j · ∂G_s/∂r_j, the tangent input.
                var touched = false
                if let f = direction {
                    for k in 0..<nsf { th[k] = 0 }
                    for e in d.entryOffsets[i]..<d.entryOffsets[i + 1] {
                        let base = dG.baseAddress! + d.derivativeOffsets[e]
                        let j = 3 * Int(d.entryAtoms[e])
                        let fx = f[j], fy = f[j + 1], fz = f[j + 2]
                        if fx == 0 && fy == 0 && fz == 0 { continue }
                        touched = true
                        for k in 0..<nsf { th[k] += fx * base[3 * k] + fy * base[3 * k + 1] + fz * base[3 * k + 2] }
                    }
                    // Forward tangent.
                    var inOffset = 0, outOffset = nsf
                    for l in 1..<sizes.count {
                        let nIn = sizes[l - 1], nOut = sizes[l]
                        let w = p + net.offset + net.layerOffsets[l - 1]
                        let x = ta + outOffset
                        for k in 0..<nOut { x[k] = 0 }
                        for j in 0..<nIn {
                            let t = th[inOffset + j]
                            let row = w + j * nOut
                            for k in 0..<nOut { x[k] += row[k] * t }
                        }
                        for k in 0..<nOut { th[outOffset + k] = s[outOffset + k] * x[k] }
                        inOffset = outOffset; outOffset += nOut
                    }
                }
                // An atom whose descriptors do not move along the direction adds nothing to the
                // force term; without an energy seed it adds nothing at all.
                if seedE == 0 && !touched { continue }
                // Reverse pass through y and ẏ.
                let hb = ws.adjoint, hdb = ws.adjointTangent
                var outOffset = net.neuronCount - 1
                hb[outOffset] = seedE; hdb[outOffset] = useForces ? seedF : 0
                for l in stride(from: sizes.count - 1, through: 1, by: -1) {
                    let nIn = sizes[l - 1], nOut = sizes[l]
                    let inOffset = outOffset - nIn
                    let w = p + net.offset + net.layerOffsets[l - 1]
                    let gw = gradient + net.offset + net.layerOffsets[l - 1]
                    let gb = gw + nIn * nOut
                    for k in 0..<nOut {
                        let o = outOffset + k
                        let adb = s[o] * hdb[o]
                        let ab = s[o] * hb[o] + (useForces ? s2[o] * ta[o] * hdb[o] : 0)
                        hb[o] = ab; hdb[o] = adb
                        gb[k] += ab
                    }
                    let ab = hb + outOffset, adb = hdb + outOffset
                    for j in 0..<nIn {
                        let row = gw + j * nOut
                        let hj = h[inOffset + j]
                        if useForces {
                            let tj = th[inOffset + j]
                            for k in 0..<nOut { row[k] += ab[k] * hj + adb[k] * tj }
                        } else {
                            for k in 0..<nOut { row[k] += ab[k] * hj }
                        }
                    }
                    if l > 1 {
                        for j in 0..<nIn {
                            let row = w + j * nOut
                            var a = 0.0, t = 0.0
                            for k in 0..<nOut { a += row[k] * ab[k]; t += row[k] * adb[k] }
                            hb[inOffset + j] = a; hdb[inOffset + j] = t
                        }
                    }
                    outOffset = inOffset
                }
            }
        }
    }
}
