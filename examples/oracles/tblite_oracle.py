#!/usr/bin/env python3
"""Seam oracle adapter for GFN1-xTB / GFN2-xTB through tblite's Python API.

Contract (see README.md): reads ONE extended XYZ frame (Å; `Lattice` + `pbc` for periodic
cells) from the file named by the last argument, or from standard input when no file is
given; writes ONE extended XYZ frame to standard output with

    energy=<eV>  forces:R:3 (eV/Å)  stress="<9 values, eV/Å^3, ASE sign: tension positive>"

(stress only for cells periodic in all three directions). Exit status: 0 on success, 3 when
the SCF did not converge, 2 for bad input or any other error; diagnostics on standard error.

Install: `pip install tblite` (brings numpy). ASE is NOT needed: the extended XYZ subset Seam
writes (species, pos, Lattice, pbc) is parsed here.

Options: --method GFN2-xTB (default) | GFN1-xTB, --charge Q, --uhf N (unpaired electrons),
--accuracy A, --electronic-temperature K, --max-iterations N, --min-width W (warn when a
periodic cell is narrower than W Å: tblite samples the Gamma point only); --batch labels every frame of a
multi-frame input and writes them all (not part of the per-structure contract: for filling a
label cache, e.g. `seam-bench active --silicon --export-unlabelled=FILE`).
"""
import argparse
import re
import sys

HARTREE_EV = 27.211386245988          # CODATA 2018
BOHR_ANGSTROM = 0.529177210903        # CODATA 2018

SYMBOLS = ("H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr "
           "Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb "
           "Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn").split()


def parse_frame(text):
    """(symbols, positions Å [N][3], lattice Å [3][3] or None, pbc [3]) of the first frame."""
    lines = text.splitlines()
    n = int(lines[0].split()[0])
    comment = lines[1]
    pairs = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', comment))
    pairs = {k: v.strip('"') for k, v in pairs.items()}
    lattice = None
    if "Lattice" in pairs:
        v = [float(x) for x in pairs["Lattice"].split()]
        lattice = [v[0:3], v[3:6], v[6:9]]
    pbc = [t in ("T", "True", "true", "1") for t in pairs.get("pbc", "T T T" if lattice else "F F F").split()]
    props = pairs.get("Properties", "species:S:1:pos:R:3").split(":")
    columns, col = {}, 0
    for k in range(0, len(props), 3):
        columns[props[k]] = (col, int(props[k + 2]))
        col += int(props[k + 2])
    s0, p0 = columns["species"][0], columns["pos"][0]
    symbols, positions = [], []
    for line in lines[2:2 + n]:
        t = line.split()
        symbols.append(t[s0])
        positions.append([float(x) for x in t[p0:p0 + 3]])
    return symbols, positions, lattice, pbc


def fmt(x):
    return repr(float(x))


def label(text, args):
    """(exit status, output frame text or None) for one input frame."""
    try:
        symbols, positions, lattice, pbc = parse_frame(text)
        numbers = [SYMBOLS.index(s) + 1 for s in symbols]
    except Exception as e:  # bad input is the caller's bug: exit 2
        print(f"tblite_oracle: cannot read the input frame: {e}", file=sys.stderr)
        return 2, None
    try:
        import numpy as np
        from tblite.interface import Calculator
    except ImportError as e:
        print(f"tblite_oracle: {e}; install with `pip install tblite`", file=sys.stderr)
        return 2, None
    periodic = lattice is not None and any(pbc)
    kwargs = {}
    if periodic:
        warn_gamma_point(lattice, pbc, args.min_width)
        kwargs = dict(lattice=np.array(lattice) / BOHR_ANGSTROM, periodic=np.array(pbc))
    try:
        calc = Calculator(args.method, np.array(numbers), np.array(positions) / BOHR_ANGSTROM,
                          charge=args.charge, uhf=args.uhf, **kwargs)
        calc.set("accuracy", args.accuracy)
        calc.set("max-iter", args.max_iterations)
        calc.set("temperature", args.electronic_temperature * 3.166808578545117e-06)  # K -> Hartree
        calc.set("verbosity", 0)
        res = calc.singlepoint()
    except Exception as e:  # tblite raises on SCF non-convergence
        msg = str(e)
        print(f"tblite_oracle: {msg}", file=sys.stderr)
        return (3 if "converge" in msg.lower() or "scf" in msg.lower() else 2), None
    energy = res.get("energy") * HARTREE_EV                                 # Hartree -> eV
    forces = -np.array(res.get("gradient")) * HARTREE_EV / BOHR_ANGSTROM      # Hartree/Bohr -> eV/Å
    header = []
    if lattice is not None:
        header.append('Lattice="' + " ".join(fmt(x) for row in lattice for x in row) + '"')
    header.append("Properties=species:S:1:pos:R:3:forces:R:3")
    header.append("energy=" + fmt(energy))
    if periodic and all(pbc):
        # tblite's "virial" is dE/dε (Hartree), so σ = (1/V) dE/dε: ASE's sign, tension positive
        # (as tblite.ase does).
        volume = abs(np.linalg.det(np.array(lattice)))
        stress = np.array(res.get("virial")) * HARTREE_EV / volume
        header.append('stress="' + " ".join(fmt(x) for x in stress.flatten()) + '"')
    header.append('pbc="' + " ".join("T" if p else "F" for p in pbc) + '"')
    out = [str(len(symbols)), " ".join(header)]
    for s, p, f in zip(symbols, positions, forces):
        out.append(" ".join([s] + [fmt(x) for x in p] + [fmt(x) for x in f]))
    return 0, "\n".join(out) + "\n"


def periodic_widths(lattice):
    """Perpendicular width (Å) of the cell along each lattice vector: V / |a_j x a_k|."""
    import numpy as np
    a = np.array(lattice, dtype=float)
    volume = abs(np.linalg.det(a))
    return [volume / np.linalg.norm(np.cross(a[(i + 1) % 3], a[(i + 2) % 3])) for i in range(3)]


def warn_gamma_point(lattice, pbc, min_width):
    """tblite samples the Brillouin zone at the Gamma point only, so a periodic cell narrower than
    about 10 Å gives energies and forces that depend on the cell, not only on the local
    structure: for a 32-atom Si(111) crack cell with a 3.97 Å period GFN1-xTB's E/N moves by
    0.94 eV/atom and forces by up to 1 eV/Å when the period is doubled (and by a further 0.14
    eV/atom at three periods; examples/active-learning/si-gfn1/README.md). Such labels cannot be
    fitted by a local potential. Warns on standard error; the label is still written."""
    if min_width <= 0:
        return
    for i, (w, p) in enumerate(zip(periodic_widths(lattice), pbc)):
        if p and w < min_width:
            print(f"tblite_oracle: warning: the cell is {w:.2f} Å wide along lattice vector {i + 1} "
                  f"(periodic, Gamma point only; below {min_width:g} Å the labels are not converged "
                  f"with cell size; use a supercell)", file=sys.stderr)


def split_frames(text):
    """The frames of a multi-frame extended XYZ text, each as its own text."""
    lines, frames, i = text.splitlines(), [], 0
    while i < len(lines) and lines[i].strip():
        n = int(lines[i].split()[0])
        frames.append("\n".join(lines[i:i + 2 + n]) + "\n")
        i += 2 + n
    return frames


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", help="extended XYZ input (default: standard input)")
    ap.add_argument("--method", default="GFN2-xTB", choices=["GFN1-xTB", "GFN2-xTB"])
    ap.add_argument("--charge", type=float, default=0.0)
    ap.add_argument("--uhf", type=int, default=0)
    ap.add_argument("--accuracy", type=float, default=1.0)
    ap.add_argument("--electronic-temperature", type=float, default=300.0, help="K")
    ap.add_argument("--max-iterations", type=int, default=250)
    ap.add_argument("--min-width", type=float, default=10.0,
                    help="warn when a periodic cell is narrower than this (Å) along a lattice vector "
                         "(tblite is Gamma-point only); 0 turns the warning off")
    ap.add_argument("--batch", action="store_true",
                    help="label every frame of the input (one process for many structures, e.g. to fill a "
                         "label cache); failed frames are skipped with a message on standard error")
    args = ap.parse_args()
    try:
        text = open(args.input).read() if args.input else sys.stdin.read()
    except Exception as e:
        print(f"tblite_oracle: cannot read the input: {e}", file=sys.stderr)
        return 2
    if not args.batch:
        status, out = label(text, args)
        if out is not None:
            sys.stdout.write(out)
        return status
    for k, frame in enumerate(split_frames(text)):
        status, out = label(frame, args)
        if out is None:
            print(f"tblite_oracle: frame {k + 1} skipped (status {status})", file=sys.stderr)
            continue
        sys.stdout.write(out)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
