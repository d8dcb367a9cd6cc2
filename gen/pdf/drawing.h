/* drawing.h moved to gen/draw/ (layout and PDF share it; layout includes no pdf/
 * header). Kept so that code written against the old path still builds. */
#include "draw/drawing.h"
