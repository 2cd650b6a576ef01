/* test_limits.c -- limit files: loader, validation, evaluation, the shipped
 * library (SPEC section 7). */
#include "harness.h"

#include "axsterile/decay.h"
#include "axsterile/limits.h"

static void test_library(void)
{
    ax_limit_set set;
    ax_error err;
    ax_error_clear(&err);
    int st = ax_limit_set_load_dir(NULL, &set, &err);
    CHECK(st == AX_OK, "load limits/: %s", err.msg);
    if (st != AX_OK)
        return;
    CHECK(set.n == 16, "16 limits shipped, got %zu", set.n);
    ax_limit_set_free(&set);
}

int main(void)
{
    harness_use_source_data();
    test_library();
    return harness_done("test_limits");
}
