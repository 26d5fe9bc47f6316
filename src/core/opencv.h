// The one place that includes OpenCV (core + imgproc only). OpenCV 4.10's
// headers warn under C++20, so CMake adds its include dir as a SYSTEM path.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
