#ifndef QUIRE_CCAIRO_SHIM_H
#define QUIRE_CCAIRO_SHIM_H
// cairo for the nightly report's charts (PNG) and its PDF (vector charts and text).
#include <cairo.h>
#include <cairo-pdf.h>
#endif
