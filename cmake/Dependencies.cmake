# Third-party packages: Debian trixie's, or an official ONNX Runtime release via ONNXRUNTIME_ROOT.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc)
find_package(simdjson REQUIRED)
find_package(CLI11 REQUIRED)
pkg_check_modules(polyclipping REQUIRED IMPORTED_TARGET polyclipping)
pkg_check_modules(hwloc REQUIRED IMPORTED_TARGET hwloc)

if(ONNXRUNTIME_ROOT)
  find_path(ONNXRUNTIME_INCLUDE_DIR onnxruntime_cxx_api.h
            PATHS ${ONNXRUNTIME_ROOT}/include ${ONNXRUNTIME_ROOT}/include/onnxruntime NO_DEFAULT_PATH REQUIRED)
  find_library(ONNXRUNTIME_LIBRARY onnxruntime PATHS ${ONNXRUNTIME_ROOT}/lib ${ONNXRUNTIME_ROOT}/lib64 NO_DEFAULT_PATH REQUIRED)
  add_library(onnxruntime::onnxruntime SHARED IMPORTED)
  set_target_properties(onnxruntime::onnxruntime PROPERTIES
    IMPORTED_LOCATION ${ONNXRUNTIME_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${ONNXRUNTIME_INCLUDE_DIR})
  message(STATUS "ONNX Runtime from ${ONNXRUNTIME_ROOT}: ${ONNXRUNTIME_LIBRARY}")
else()
  find_package(onnxruntime REQUIRED)
endif()

# OpenVINO's C++ SDK, from its PyPI wheel (the Dockerfile's deps stage, or
# scripts/openvino-sdk.sh): OpenVINO_DIR=<wheel>/openvino/cmake.
if(ONNXOCR_WITH_OPENVINO)
  find_package(OpenVINO REQUIRED COMPONENTS Runtime)
  message(STATUS "OpenVINO ${OpenVINO_VERSION} from ${OpenVINO_DIR}")
endif()

# OpenCV 4.10's headers warn under C++20: expose them as SYSTEM includes.
add_library(onnxocr_opencv INTERFACE)
target_include_directories(onnxocr_opencv SYSTEM INTERFACE ${OpenCV_INCLUDE_DIRS})
target_link_libraries(onnxocr_opencv INTERFACE opencv_core opencv_imgproc)

if(ONNXOCR_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# Drogon (HTTP). Debian's DrogonConfig.cmake insists on every optional backend
# (PostgreSQL, MySQL, Redis, ...), so link the libraries directly.
find_library(DROGON_LIBRARY drogon REQUIRED)
find_library(TRANTOR_LIBRARY trantor REQUIRED)
pkg_check_modules(jsoncpp REQUIRED IMPORTED_TARGET jsoncpp)
add_library(onnxocr_drogon INTERFACE)
target_link_libraries(onnxocr_drogon INTERFACE ${DROGON_LIBRARY} ${TRANTOR_LIBRARY} PkgConfig::jsoncpp Threads::Threads)
find_package(spdlog REQUIRED)
