#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>

/* Swift cannot import function-like macros or (under strict concurrency) mutable C globals,
   so the few the dashboard needs are wrapped here. */
static inline WINDOW *cp_stdscr(void) { return stdscr; }
static inline int cp_lines(void) { return LINES; }
static inline int cp_cols(void) { return COLS; }
static inline attr_t cp_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t cp_a_normal(void) { return A_NORMAL; }
static inline attr_t cp_a_bold(void) { return A_BOLD; }
static inline attr_t cp_a_dim(void) { return A_DIM; }
static inline attr_t cp_a_reverse(void) { return A_REVERSE; }
static inline attr_t cp_a_underline(void) { return A_UNDERLINE; }
static inline void cp_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int y, x;
    getmaxyx(win, y, x);
    *rows = y;
    *cols = x;
}
static inline int cp_attrset(attr_t attrs) { return attrset((int)attrs); }
static inline const char *cp_codeset(void) { return nl_langinfo(CODESET); }
#endif
