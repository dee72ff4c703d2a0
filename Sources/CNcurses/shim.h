#ifndef BOMNIPOTENT_SMTP_CNCURSES_SHIM_H
#define BOMNIPOTENT_SMTP_CNCURSES_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

/* Macros and variadic functions of curses do not import into Swift: these static inline
   functions wrap the ones the wizard uses. No printf-style function is wrapped. */

/** The standard screen (a macro or a global variable, depending on the build). */
static inline WINDOW *bsmtp_stdscr(void) { return stdscr; }

/** The window's size (the getmaxyx macro). */
static inline void bsmtp_size(WINDOW *win, int *rows, int *columns) {
    int y, x;
    getmaxyx(win, y, x);
    *rows = y;
    *columns = x;
}

/** Video attributes from flags (the A_* macros). */
static inline attr_t bsmtp_attributes(int bold, int reverse, int underline) {
    attr_t attrs = A_NORMAL;
    if (bold) attrs |= A_BOLD;
    if (reverse) attrs |= A_REVERSE;
    if (underline) attrs |= A_UNDERLINE;
    return attrs;
}

/** Sets attributes and colour pair, then writes n wide characters at (y, x) (wattr_set + mvwaddnwstr). */
static inline int bsmtp_put(WINDOW *win, int y, int x, const wchar_t *text, int n, attr_t attrs, short pair) {
    wattr_set(win, attrs, pair, NULL);
    return mvwaddnwstr(win, y, x, text, n);
}

/** Moves the cursor (the wmove function, here for symmetry with bsmtp_put). */
static inline int bsmtp_move(WINDOW *win, int y, int x) { return wmove(win, y, x); }

/** The key code of function key n (the KEY_F macro). */
static inline int bsmtp_key_f(int n) { return KEY_F(n); }

/** Sets the locale from the environment, so that curses reads and writes UTF-8; when the environment
    names no UTF-8 locale (LANG unset, as under cron or a bare ssh), the character type falls back to C.UTF-8. */
static inline void bsmtp_setlocale(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL || (strcmp(codeset, "UTF-8") != 0 && strcmp(codeset, "utf8") != 0)) {
        setlocale(LC_CTYPE, "C.UTF-8");
    }
}

/** How many colours the terminal has (the COLORS variable or macro). */
static inline int bsmtp_color_count(void) { return COLORS; }

/** Whether the terminal was started in a terminfo with colours and they can be used. */
static inline int bsmtp_has_colors(void) { return has_colors() ? 1 : 0; }

#endif
