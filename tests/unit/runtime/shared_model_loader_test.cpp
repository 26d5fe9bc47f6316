#include "runtime/shared_model_loader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace onnxocr {
namespace {

// Answers every run with its own id as a 1-element output.
class IdModel final : public TensorModel {
 public:
  explicit IdModel(float id) : id_(id) {}
  Status Run(const TensorView&, const TensorConsumer& consume) const override {
    const float value = id_;
    const std::int64_t shape[] = {1};
    return consume(TensorView{std::span<const float>(&value, 1), shape});
  }

 private:
  float id_;
};

float IdOf(const TensorModel& model) {
  float id = -1;
  const float input = 0;
  const std::int64_t shape[] = {1};
  EXPECT_TRUE(model
                  .Run(TensorView{std::span<const float>(&input, 1), shape},
                       [&](const TensorView& output) {
                         id = output.data[0];
                         return Status::Ok();
                       })
                  .ok());
  return id;
}

ModelFile File(const std::string& path, char digit) { return ModelFile{path, std::string(64, digit), 0}; }

TEST(SharedModelLoaderTest, AFileNamedTwiceIsLoadedOnceAndShared) {
  std::atomic<int> loads{0};
  SharedModelLoader loader([&](const ModelFile&) -> Result<std::unique_ptr<TensorModel>> {
    return std::unique_ptr<TensorModel>(std::make_unique<IdModel>(static_cast<float>(++loads)));
  });
  auto first = loader.Load(File("/a/cls.onnx", '1'));
  auto again = loader.Load(File("/b/../a/cls.onnx", '1'));  // same sha256, another spelling
  auto other = loader.Load(File("/a/det.onnx", '2'));
  ASSERT_TRUE(first.ok() && again.ok() && other.ok());
  EXPECT_EQ(loads.load(), 2);
  EXPECT_EQ(IdOf(*first.value()), IdOf(*again.value()));
  EXPECT_NE(IdOf(*first.value()), IdOf(*other.value()));
}

TEST(SharedModelLoaderTest, ConcurrentCallersWaitForOneLoad) {
  std::atomic<int> loads{0};
  SharedModelLoader loader([&](const ModelFile&) -> Result<std::unique_ptr<TensorModel>> {
    ++loads;
    std::this_thread::yield();
    return std::unique_ptr<TensorModel>(std::make_unique<IdModel>(7));
  });
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto model = loader.Load(File("/m/rec.onnx", '3'));
      if (model.ok() && IdOf(*model.value()) == 7) ++ok;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(loads.load(), 1);
  EXPECT_EQ(ok.load(), 8);
}

TEST(SharedModelLoaderTest, AFailedLoadIsReportedToEveryCallerAndHandlesOutliveTheLoader) {
  std::unique_ptr<TensorModel> kept;
  {
    SharedModelLoader loader([](const ModelFile& file) -> Result<std::unique_ptr<TensorModel>> {
      if (file.path == "/bad.onnx") return MakeError(ErrorCode::kModelError, "cannot read /bad.onnx");
      if (file.path == "/throws.onnx") throw std::runtime_error("plugin threw");
      return std::unique_ptr<TensorModel>(std::make_unique<IdModel>(3));
    });
    for (int i = 0; i < 2; ++i) {
      auto bad = loader.Load(File("/bad.onnx", '4'));
      ASSERT_FALSE(bad.ok());
      EXPECT_EQ(bad.error().code, ErrorCode::kModelError);
      EXPECT_EQ(bad.error().message, "cannot read /bad.onnx");
    }
    auto threw = loader.Load(File("/throws.onnx", '6'));
    ASSERT_FALSE(threw.ok());
    EXPECT_NE(threw.error().message.find("plugin threw"), std::string::npos);
    auto good = loader.Load(File("/good.onnx", '5'));
    ASSERT_TRUE(good.ok());
    kept = std::move(good).value();
  }
  EXPECT_EQ(IdOf(*kept), 3);
}

}  // namespace
}  // namespace onnxocr
