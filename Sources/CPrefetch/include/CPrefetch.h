#ifndef SCORING_CPREFETCH_H
#define SCORING_CPREFETCH_H

/// A hint that the cache line holding `address` will be read soon. It never faults and changes no
/// result: a prefetch of an address that is not mapped is dropped. Swift has no spelling for the
/// compiler's prefetch builtin, so this header is the only place it is named.
static inline void scoring_prefetch_read(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#else
    (void)address;
#endif
}

#endif
