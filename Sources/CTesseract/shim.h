#ifndef QUIRE_CTESSERACT_SHIM_H
#define QUIRE_CTESSERACT_SHIM_H
// tesseract's C API for OCR, leptonica for reading and preparing images.
// tesseract.pc does not list -llept: the module map links both.
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#endif
