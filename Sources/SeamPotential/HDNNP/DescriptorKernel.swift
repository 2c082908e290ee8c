#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// x^n by square-and-multiply (n2p2 `pow_int`), n >= 0.
///
/// Exponents up to 8 are written out in the same operation order as the loop (identical
/// results); callgrind showed the generic loop at 17 % of the water benchmark's instructions.
@inlinable @inline(__always)
func powInt(_ x: Double, _ n: Int) -> Double {
    switch n {
    case 0: return 1
    case 1: return x
    case 2: return x * x
    case 3: return x * (x * x)
    case 4: let x2 = x * x; return x2 * x2
    case 5: let x2 = x * x; return x * (x2 * x2)
    case 6: let x2 = x * x; return x2 * (x2 * x2)
    case 7: let x2 = x * x; return (x * x2) * (x2 * x2)
    case 8: let x2 = x * x, x4 = x2 * x2; return x4 * x4
    default: break
    }
    var value = 1.0, base = x, e = n
    repeat {
        if e & 1 != 0 { value *= base }
        e >>= 1
        base *= base
    } while e != 0
    return value
}

extension ElementDescriptors {
    /// Computes the raw descriptors of one atom into `ws.raw` and, when `derivatives` is set,
    /// d(G_scaled)/dr_j for each of its `count` neighbours, which must already be in the
    /// workspace (vectors dr = r_i - r_j, internal length unit). The derivative with respect
    /// to the atom itself is minus their sum (translation invariance); it is not stored.
    ///
    /// Arithmetic follows n2p2's symmetry-function groups (n2p2-format.md section 10) so that
    /// descriptors agree to the last bits up to summation order.
    ///
    /// - Parameters:
    ///   - atomicNumbers: Z per element index (weights of types 12, 13, 23-25).
    ///   - mask: when non-nil, triplets (j, k) whose atoms do not interact are skipped.
    func compute(_ ws: HDNNPWorkspace, neighbors nn: Int, derivatives: Bool, atomicNumbers: [Double],
                 mask: InteractionMask?) {
        let nsf = count
        let cap = ws.neighborCapacity
        let raw = ws.raw, dGn = ws.neighborDerivatives
        let dx = ws.dx, dy = ws.dy, dz = ws.dz, dist = ws.distance, elem = ws.element, cand = ws.candidates
        for s in 0..<nsf { raw[s] = 0 }
        if derivatives {
            dGn.update(repeating: 0, count: 3 * nsf * nn)
        }
        // 1/r and 1/r^2 per neighbour (cos t / r^2 = cos t * (1/r^2) in the angular derivatives).
        let inv = ws.inverseDistance, cosFactor = ws.inverseDistanceSquared
        for n in 0..<nn { let q = 1 / dist[n]; inv[n] = q; cosFactor[n] = q * q }
        // Cutoff function values per neighbour (shared by all groups with that cutoff).
        for (c, f) in cutoffFunctions.enumerated() {
            let fv = ws.cutoffValue + c * cap, fs = ws.cutoffSlope + c * cap
            for n in 0..<nn {
                if dist[n] < f.radius { let v = f.evaluate(dist[n]); fv[n] = v.value; fs[n] = v.derivative } else { fv[n] = 0; fs[n] = 0 }
            }
        }
        // Radial groups (types 2, 12).
        for g in radial {
            let fv = ws.cutoffValue + g.cutoffIndex * cap, fs = ws.cutoffSlope + g.cutoffIndex * cap
            let slotValues = ws.slotValues
            g.members.withUnsafeBufferPointer { members in
              g.slots.withUnsafeBufferPointer { slots in
                for n in 0..<nn where dist[n] < g.cutoff && (g.neighborElement < 0 || Int(elem[n]) == g.neighborElement) {
                    let d = dist[n], fc = fv[n], dfc = fs[n]
                    let z = g.weighted ? atomicNumbers[Int(elem[n])] : 1
                    let base = dGn + 3 * nsf * n
                    for (q, sl) in slots.enumerated() { slotValues[q] = exp(((-sl.eta) * (d - sl.rs)) * (d - sl.rs)) }
                    for m in members {
                        var p = powInt(slotValues[m.slot], m.power)
                        if g.weighted { p = z * p }
                        raw[m.index] += p * fc
                        if derivatives {
                            let c = ((m.scale * (dfc - ((2 * m.eta) * (d - m.rs)) * fc)) * p) / d
                            let o = 3 * m.index
                            let cx = c * dx[n], cy = c * dy[n], cz = c * dz[n]
                            base[o] -= cx; base[o + 1] -= cy; base[o + 2] -= cz
                        }
                    }
                }
              }
            }
        }
        // Angular groups (types 3, 9, 13).
        for g in angular {
            let fv = ws.cutoffValue + g.cutoffIndex * cap, fs = ws.cutoffSlope + g.cutoffIndex * cap
            let rc = g.cutoff, rc2 = rc * rc
            let cutoff = cutoffFunctions[g.cutoffIndex]
            // Candidates: for a mixed pair (E1 != E2) the E1 neighbours first, then the E2 ones,
            // so that pairs are (first part) x (second part) and no same-element pair is visited.
            var nc = 0, split = 0
            let mixed = g.element1 >= 0 && g.element1 != g.element2
            if mixed {
                for n in 0..<nn where dist[n] < rc && Int(elem[n]) == g.element1 { cand[nc] = Int32(n); nc += 1 }
                split = nc
                for n in 0..<nn where dist[n] < rc && Int(elem[n]) == g.element2 { cand[nc] = Int32(n); nc += 1 }
            } else {
                for n in 0..<nn where dist[n] < rc && (g.element1 < 0 || Int(elem[n]) == g.element1) { cand[nc] = Int32(n); nc += 1 }
            }
            let usesJK = g.type != 9
            let weighted = g.type == 13
            let slotValues = ws.slotValues
            g.members.withUnsafeBufferPointer { members in
              g.slots.withUnsafeBufferPointer { slots in
                for a in 0..<(mixed ? split : nc) {
                    let j = Int(cand[a])
                    let rij = dist[j], r2ij = rij * rij
                    let xj = dx[j], yj = dy[j], zj = dz[j]
                    let fcij = fv[j], dfcij = fs[j]
                    let invrij = inv[j], cij = cosFactor[j]
                    for b in (mixed ? split : a + 1)..<max(nc, a + 1) {
                        let k = Int(cand[b])
                        if let mask, !mask.interacts(Int(ws.atom[j]), Int(ws.atom[k])) { continue }
                        let xjk = dx[k] - xj, yjk = dy[k] - yj, zjk = dz[k] - zj
                        let r2jk = xjk * xjk + yjk * yjk + zjk * zjk
                        var rjk = 0.0, fcjk = 1.0, dfcjk = 0.0
                        if usesJK {
                            if r2jk >= rc2 { continue }
                            rjk = r2jk.squareRoot()
                            let v = cutoff.evaluate(rjk); fcjk = v.value; dfcjk = v.derivative
                        }
                        let rik = dist[k], r2ik = rik * rik
                        let xk = dx[k], yk = dy[k], zk = dz[k]
                        let fcik = fv[k], dfcik = fs[k]
                        let invrik = inv[k]
                        let ijinv = invrij * invrik
                        let cost = (xj * xk + yj * yk + zj * zk) * ijinv
                        let z = weighted ? atomicNumbers[Int(elem[j])] * atomicNumbers[Int(elem[k])] : 1
                        let pfc: Double
                        if weighted { pfc = ((z * fcij) * fcik) * fcjk } else if usesJK { pfc = (fcij * fcik) * fcjk } else { pfc = fcij * fcik }
                        var q1 = 0.0, q2 = 0.0, q3 = 0.0, c1 = 0.0, c2 = 0.0, invrjk = 0.0
                        if derivatives {
                            // Divisions by r replaced by products with 1/r (a few ulps from
                            // n2p2's order; the hot loop had seven divisions per triplet).
                            c1 = ijinv - cost * cij; c2 = ijinv - cost * cosFactor[k]
                            invrjk = usesJK ? 1 / rjk : 0
                            if weighted {
                                q1 = (((z * fcik) * fcjk) * dfcij) * invrij
                                q2 = (((z * fcij) * fcjk) * dfcik) * invrik
                                q3 = (((z * fcij) * fcik) * dfcjk) * invrjk
                            } else if usesJK {
                                q1 = ((fcik * fcjk) * dfcij) * invrij
                                q2 = ((fcij * fcjk) * dfcik) * invrik
                                q3 = ((fcij * fcik) * dfcjk) * invrjk
                            } else {
                                q1 = (fcik * dfcij) * invrij
                                q2 = (fcij * dfcik) * invrik
                            }
                        }
                        for (q, sl) in slots.enumerated() {
                            if sl.shifted {
                                let u = rij - sl.rs, v = rik - sl.rs
                                if usesJK { let w = rjk - sl.rs; slotValues[q] = exp(-sl.eta * ((u * u + v * v) + w * w)) } else { slotValues[q] = exp(-sl.eta * (u * u + v * v)) }
                            } else {
                                slotValues[q] = usesJK ? exp(-sl.eta * ((r2ij + r2ik) + rjk * rjk)) : exp(-sl.eta * (r2ij + r2ik))
                            }
                        }
                        var ex = 0.0
                        for m in members {
                            if m.newGaussian { ex = powInt(slotValues[m.slot], m.power) }
                            let p = 1 + m.lambda * cost
                            if p <= 0 { continue }
                            let g0 = m.integerPower >= 0 ? ex * powInt(p, m.integerPower) : ex * pow(p, m.zeta - 1)
                            raw[m.index] += (g0 * p) * pfc
                            if !derivatives { continue }
                            let gp = g0 * m.norm
                            let aa = pfc * (m.zeta * m.lambda)
                            let bb = p * m.d
                            let p1: Double, p2: Double, p3: Double
                            if m.shifted {
                                p1 = gp * (aa * (c1 - (bb * (rij - m.rs)) * invrij) + q1 * p)
                                p2 = gp * (aa * (c2 - (bb * (rik - m.rs)) * invrik) + q2 * p)
                                p3 = usesJK ? gp * (aa * (ijinv + (bb * (rjk - m.rs)) * invrjk) - q3 * p) : (gp * aa) * ijinv
                            } else {
                                p1 = gp * (aa * (c1 - bb) + q1 * p)
                                p2 = gp * (aa * (c2 - bb) + q2 * p)
                                p3 = usesJK ? gp * (aa * (ijinv + bb) - q3 * p) : (gp * aa) * ijinv
                            }
                            let o = 3 * m.index
                            let bj = dGn + 3 * nsf * j + o, bk = dGn + 3 * nsf * k + o
                            bj[0] -= p1 * xj + p3 * xjk
                            bj[1] -= p1 * yj + p3 * yjk
                            bj[2] -= p1 * zj + p3 * zjk
                            bk[0] -= p2 * xk - p3 * xjk
                            bk[1] -= p2 * yk - p3 * yjk
                            bk[2] -= p2 * zk - p3 * zjk
                        }
                    }
                }
              }
            }
            for m in g.members { raw[m.index] = raw[m.index] * (m.norm / m.scale) }
        }
        for g in compact {
            computeCompact(g, ws, neighbors: nn, derivatives: derivatives, atomicNumbers: atomicNumbers, mask: mask)
        }
    }

    /// Compact-support groups (types 20-25): windows C(r) and A(theta), chain rule through acos.
    private func computeCompact(_ g: CompactGroup, _ ws: HDNNPWorkspace, neighbors nn: Int, derivatives: Bool,
                                atomicNumbers: [Double], mask: InteractionMask?) {
        let nsf = count
        let raw = ws.raw, dGn = ws.neighborDerivatives
        let dx = ws.dx, dy = ws.dy, dz = ws.dz, dist = ws.distance, elem = ws.element, cand = ws.candidates
        var nc = 0
        for n in 0..<nn where dist[n] > g.minimumRadius && dist[n] < g.maximumRadius {
            let e = Int(elem[n])
            if g.element1 < 0 || e == g.element1 || e == g.element2 { cand[nc] = Int32(n); nc += 1 }
        }
        if !g.angular {
            for a in 0..<nc {
                let j = Int(cand[a]), d = dist[j]
                let w = g.weighted ? atomicNumbers[Int(elem[j])] : 1
                for m in g.members where d > m.radial.low && d < m.radial.high {
                    let (c, dc) = m.radial.evaluate(d)
                    raw[m.index] += w * c
                    if derivatives && dc != 0 {
                        let f = ((m.scale * w) * dc) / d
                        let o = 3 * m.index, bj = dGn + 3 * nsf * j + o
                        bj[0] -= f * dx[j]; bj[1] -= f * dy[j]; bj[2] -= f * dz[j]
                    }
                }
            }
            return
        }
        let mixed = g.element1 >= 0 && g.element1 != g.element2
        for a in 0..<nc {
            let j = Int(cand[a])
            let rij = dist[j], xj = dx[j], yj = dy[j], zj = dz[j]
            for b in (a + 1)..<max(nc, a + 1) {
                let k = Int(cand[b])
                if mixed && elem[j] == elem[k] { continue }
                if let mask, !mask.interacts(Int(ws.atom[j]), Int(ws.atom[k])) { continue }
                let rik = dist[k], xk = dx[k], yk = dy[k], zk = dz[k]
                let xjk = xk - xj, yjk = yk - yj, zjk = zk - zj
                let rjk = g.usesJK ? (xjk * xjk + yjk * yjk + zjk * zjk).squareRoot() : 0
                let ijinv = (1 / rij) / rik
                let cost = (xj * xk + yj * yk + zj * zk) * ijinv
                if !(abs(cost) < 1) { continue }
                let theta = acos(cost)
                let dtdc = -1 / (1 - cost * cost).squareRoot()
                let w = g.weighted ? atomicNumbers[Int(elem[j])] * atomicNumbers[Int(elem[k])] : 1
                for m in g.members {
                    let lo = m.radial.low, hi = m.radial.high
                    guard rij > lo && rij < hi && rik > lo && rik < hi, let aw = m.angular,
                          theta > aw.low && theta < aw.high else { continue }
                    if g.usesJK && !(rjk > lo && rjk < hi) { continue }
                    let (cij, dcij) = m.radial.evaluate(rij)
                    let (cik, dcik) = m.radial.evaluate(rik)
                    var cjk = 1.0, dcjk = 0.0
                    if g.usesJK { (cjk, dcjk) = m.radial.evaluate(rjk) }
                    let (av, dav) = aw.evaluate(theta)
                    let radialPart = (cij * cik) * cjk
                    raw[m.index] += w * (radialPart * av)
                    if !derivatives { continue }
                    let s = m.scale * w
                    let ang = ((radialPart * dav) * dtdc) * s
                    let cj = (((av * dcij) * cik) * cjk * s) / rij - (ang * cost) / (rij * rij)
                    let ck = (((av * cij) * dcik) * cjk * s) / rik - (ang * cost) / (rik * rik)
                    let cx = ang * ijinv
                    let cjkf = g.usesJK ? ((((av * cij) * cik) * dcjk) * s) / rjk : 0
                    let o = 3 * m.index
                    let bj = dGn + 3 * nsf * j + o, bk = dGn + 3 * nsf * k + o
                    bj[0] += cjkf * xjk - (cj * xj + cx * xk)
                    bj[1] += cjkf * yjk - (cj * yj + cx * yk)
                    bj[2] += cjkf * zjk - (cj * zj + cx * zk)
                    bk[0] -= (ck * xk + cx * xj) + cjkf * xjk
                    bk[1] -= (ck * yk + cx * yj) + cjkf * yjk
                    bk[2] -= (ck * zk + cx * zj) + cjkf * zjk
                }
            }
        }
    }
}
