#ifndef BOMNIPOTENT_SMTP_CNCURSES_SHIM_H
#define BOMNIPOTENT_SMTP_CNCURSES_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>

#endif
