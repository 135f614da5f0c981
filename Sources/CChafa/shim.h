#ifndef QUIRE_CCHAFA_SHIM_H
#define QUIRE_CCHAFA_SHIM_H
// chafa: pictures for terminals (Unicode symbols with colours, sixel, kitty graphics) for the
// review UI's page picture, drawn in a worker process.
#include <chafa.h>
#endif
