#ifndef QUIRE_CPOPPLER_SHIM_H
#define QUIRE_CPOPPLER_SHIM_H
// poppler-glib for PDF text, layout, attachments and rendering; cairo for render targets
// and for writing PDFs (searchable PDF output, test documents).
#include <poppler.h>
#include <cairo.h>
#include <cairo-pdf.h>
#endif
