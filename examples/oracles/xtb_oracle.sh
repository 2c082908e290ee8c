#!/bin/sh
# Seam oracle adapter for the `xtb` program (Debian package `xtb`; GFN2-xTB by default) for
# molecules and clusters (no periodic cells).
#
# Contract (see README.md): reads ONE extended XYZ frame (Å) from the file named by the last
# argument, or from standard input; writes ONE extended XYZ frame to standard output with
# energy=<eV> and a forces:R:3 column in eV/Å. Exit status: 0 on success, 3 when the SCC did
# not converge, 2 for bad input or any other failure; diagnostics on standard error.
#
# Units: xtb reports the energy in Hartree and the gradient in Hartree/Bohr; this script
# converts with 1 Hartree = 27.211386245988 eV and 1 Bohr = 0.529177210903 Å (CODATA 2018):
# F = -gradient * 27.211386245988 / 0.529177210903 eV/Å.
#
# Options are passed through the environment: XTB_ORACLE_ARGS (default "--gfn 2"), e.g.
# "--gfn 1 --chrg 1 --uhf 1 --etemp 500 --acc 0.5 --iterations 300".
set -u
HARTREE_EV=27.211386245988
BOHR_ANGSTROM=0.529177210903
work=$(mktemp -d "${TMPDIR:-/tmp}/xtb-oracle.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
if [ $# -ge 1 ]; then cp "$1" "$work/input.extxyz" || exit 2; else cat > "$work/input.extxyz"; fi
cd "$work" || exit 2

# Reject periodic cells: this adapter runs molecular xtb (use tblite_oracle.py for crystals).
if sed -n 2p input.extxyz | grep -q 'pbc="[^"]*T'; then
    echo "xtb_oracle: periodic cells are not supported by this adapter; use tblite_oracle.py" >&2
    exit 2
fi
# Plain XYZ: count, blank comment, species x y z (Seam writes species:S:1:pos:R:3 first).
awk 'NR==1{n=$1; print n; next} NR==2{print "from seam"; next} NR<=n+2{print $1, $2, $3, $4}' input.extxyz > input.xyz
natoms=$(head -n 1 input.xyz)
case "$natoms" in ''|*[!0-9]*) echo "xtb_oracle: bad atom count '$natoms'" >&2; exit 2;; esac

# shellcheck disable=SC2086
xtb input.xyz --grad ${XTB_ORACLE_ARGS:---gfn 2} > xtb.out 2> xtb.err
status=$?
if grep -qi "not converge" xtb.out xtb.err 2>/dev/null; then
    echo "xtb_oracle: SCC not converged" >&2; tail -n 5 xtb.err >&2; exit 3
fi
if [ $status -ne 0 ] || [ ! -s gradient ]; then
    echo "xtb_oracle: xtb failed (status $status)" >&2; tail -n 20 xtb.err >&2; exit 2
fi

# Turbomole `gradient` file: "$grad", a "cycle = ... SCF energy = E |dE/xyz| = ..." line,
# natoms coordinate lines (Bohr), natoms gradient lines (Hartree/Bohr), "$end". Fortran "D"
# exponents are turned into "E".
awk -v n="$natoms" -v ha="$HARTREE_EV" -v bohr="$BOHR_ANGSTROM" '
    FNR==NR { if (FNR > 2 && FNR <= n + 2) { sp[FNR-2]=$1; x[FNR-2]=$2; y[FNR-2]=$3; z[FNR-2]=$4 }; next }
    /\$grad/ { ingrad=1; next }
    ingrad && /cycle/ { for (k=1; k<=NF; k++) if ($k=="energy" && $(k+1)=="=") e=$(k+2); line=0; next }
    ingrad && /\$end/ { ingrad=0; next }
    ingrad { line++; if (line > n) { gsub(/[dD]/, "E"); g=line-n; gx[g]=$1; gy[g]=$2; gz[g]=$3 } }
    END {
        if (e == "" || g != n) { print "xtb_oracle: could not parse the gradient file" > "/dev/stderr"; exit 2 }
        printf "%d\nProperties=species:S:1:pos:R:3:forces:R:3 energy=%.15g pbc=\"F F F\"\n", n, e * ha
        f = -ha / bohr
        for (i=1; i<=n; i++) printf "%s %s %s %s %.15g %.15g %.15g\n", sp[i], x[i], y[i], z[i], gx[i]*f, gy[i]*f, gz[i]*f
    }' input.xyz gradient
