import Foundation
import Testing
import SeamCore
import SeamCoupling

/// The Maugis-Dugdale line-contact solver against its two independent closed-form limits.
@Suite struct MaugisDugdaleLineContactTests {
    let radius = 100.0, modulus = 1.0, work = 0.14

    @Test("Maugis-Dugdale line contact: large λ gives the JKR cylinder load curve and pull-off -(3/4)(4πE*W²R)^(1/3)")
    func jkrLimit() throws {
        let md = try MaugisDugdaleLineContact(radius: radius, reducedModulus: modulus, workOfAdhesion: work, stress: 50)
        #expect(md.transitionParameter > 100)
        let jkr = MaugisDugdaleLineContact.jkrPullOff(radius: radius, reducedModulus: modulus, workOfAdhesion: work)
        let p = md.pullOff()
        let aJ = MaugisDugdaleLineContact.jkrPullOffHalfWidth(radius: radius, reducedModulus: modulus, workOfAdhesion: work)
        #expect(abs(p.load / jkr - 1) < 1e-3, "MD \(p.load) vs JKR \(jkr)")
        #expect(abs(p.halfWidth / aJ - 1) < 0.02, "a \(p.halfWidth) vs JKR \(aJ)")
        // The whole load curve, not only its minimum.
        for a in [0.5 * aJ, aJ, 2 * aJ, 4 * aJ] {
            let pj = MaugisDugdaleLineContact.jkrLoad(halfWidth: a, radius: radius, reducedModulus: modulus, workOfAdhesion: work)
            #expect(abs(md.state(halfWidth: a).load - pj) < 2e-3 * abs(jkr), "a = \(a)")
        }
    }

    @Test("Maugis-Dugdale line contact: small λ gives the rigid (DMT-like) pull-off -2 sqrt(2RWσ0)")
    func dmtLimit() throws {
        let md = try MaugisDugdaleLineContact(radius: radius, reducedModulus: modulus, workOfAdhesion: work, stress: 1e-4)
        #expect(md.transitionParameter < 0.01)
        let dmt = MaugisDugdaleLineContact.dmtPullOff(radius: radius, workOfAdhesion: work, stress: 1e-4)
        #expect(abs(md.pullOff().load / dmt - 1) < 2e-3, "MD \(md.pullOff().load) vs DMT \(dmt)")
    }

    @Test("Maugis-Dugdale line contact: the pull-off lies between the DMT and JKR values and grows monotonically with λ")
    func transitionIsBracketed() throws {
        let jkr = MaugisDugdaleLineContact.jkrPullOff(radius: radius, reducedModulus: modulus, workOfAdhesion: work)
        var previous = 0.0
        for stress in [0.003, 0.01, 0.03, 0.1, 0.3, 1] {
            let md = try MaugisDugdaleLineContact(radius: radius, reducedModulus: modulus, workOfAdhesion: work, stress: stress)
            let dmt = MaugisDugdaleLineContact.dmtPullOff(radius: radius, workOfAdhesion: work, stress: stress)
            let p = md.pullOff().load
            // |P| ≤ min(|DMT|, |JKR|): the rigid limit is the most the Dugdale zone can pull at
            // that range, JKR the most at that W.
            #expect(abs(p) <= abs(jkr) * (1 + 1e-9) && abs(p) <= abs(dmt) * (1 + 1e-9), "σ0 = \(stress): P = \(p), JKR \(jkr), DMT \(dmt)")
            #expect(abs(p) > abs(previous))
            previous = p
        }
    }

    @Test("Maugis-Dugdale line contact rejects non-positive parameters")
    func badInput() {
        #expect(throws: InputError.self) { try MaugisDugdaleLineContact(radius: 0, reducedModulus: 1, workOfAdhesion: 1, stress: 1) }
        #expect(throws: InputError.self) { try MaugisDugdaleLineContact(radius: 1, reducedModulus: 1, workOfAdhesion: -1, stress: 1) }
    }
}
