/* libFuzzer harness: a city's profile.conf (profile/profile.c). */
#include <stdint.h>
#include <stdlib.h>

#include "fuzzutil.h"
#include "profile/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    hy_profile *pf = NULL;
    hy_err err;
    err_clear(&err);
    if (profile_parse("fuzz/profile.conf", "fuzz", "fuzz", text, &pf, &err) == HY_OK && pf)
        for (size_t i = 0; i < pf->nchoice_sets; i++)
            (void)profile_choice_set(pf, pf->choice_sets[i].item);
    profile_free(pf);
    free(text);
    return 0;
}
