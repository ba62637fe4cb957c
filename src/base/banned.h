/* banned.h - calls that are easy to misuse; included by every source file
 * (via the compiler's -include flag) so that using one is a compile error. */
#ifndef MZ_BANNED_H
#define MZ_BANNED_H

/* The system headers first: glibc defines some of these inline at -O2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MZ_BANNED(func) sorry_##func##_is_banned_in_minzheng

#undef strcpy
#define strcpy(a, b) MZ_BANNED(strcpy)
#undef strcat
#define strcat(a, b) MZ_BANNED(strcat)
#undef sprintf
#define sprintf(...) MZ_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MZ_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) MZ_BANNED(strtok)
#undef gets
#define gets(a) MZ_BANNED(gets)
#undef localtime
#define localtime(t) MZ_BANNED(localtime)
#undef gmtime
#define gmtime(t) MZ_BANNED(gmtime)
#undef atoi
#define atoi(s) MZ_BANNED(atoi)
/* A failed realloc returns NULL and keeps the old block, so `p = realloc(p, n)`
 * leaks it and the hand-written NULL checks after it were each different
 * (abort, silent NULL, an error). mz_xrealloc (base/buf.h) aborts once. */
#undef realloc
#define realloc(p, n) MZ_BANNED(realloc)

#endif
