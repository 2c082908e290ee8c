#include <cblas.h>
#include <lapacke.h>
/* OpenBLAS extension: the name of the kernel family in use (printed by benchmarks). */
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
