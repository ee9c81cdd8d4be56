//! The kernel as a burn backend extension: a forward pass on Flex, and under autodiff a backward pass
//! of its own (input, weight and bias gradients from `kernel`, each only when its parent is tracked).

use burn::backend::flex::FlexTensor;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Dispatch, Flex, backend_extension};
use burn::tensor::{Shape, Tensor, TensorData};

use super::kernel::{self, ConvShape};
use super::strided::Strided;

#[cfg_attr(feature = "autodiff", backend_extension(Flex, Autodiff))]
#[cfg_attr(not(feature = "autodiff"), backend_extension(Flex))]
pub trait CpuConv: Backend {
    /// `pad` pixels around (zeros, or mirrored with `reflect` at stride 1), square `stride`, one group,
    /// f32, then leaky ReLU with `slope` (1: none).
    fn cpu_conv2d(x: FloatTensor<Self>, weight: FloatTensor<Self>, bias: FloatTensor<Self>, pad: usize, reflect: bool, stride: usize, slope: f32) -> FloatTensor<Self>;
}

pub fn conv2d(x: Tensor<4>, weight: Tensor<4>, bias: Tensor<1>, pad: usize, reflect: bool, stride: usize, slope: f32) -> Tensor<4> {
    let out = <Dispatch as CpuConv>::cpu_conv2d(x.into_dispatch(), weight.into_dispatch(), bias.into_dispatch(), pad, reflect, stride, slope);
    Tensor::from_dispatch(out)
}

fn conv_of(x: &FlexTensor, weight: &FlexTensor, pad: usize, reflect: bool, stride: usize) -> Strided {
    let (xs, ws) = (x.layout().shape(), weight.layout().shape());
    let shape = ConvShape { batch: xs[0], channels_in: xs[1], height: xs[2], width: xs[3], channels_out: ws[0], kernel: ws[2], pad, reflect };
    Strided::new(shape, stride)
}

/// The tensor's values in order: borrowed when they lie in one run of its buffer (a contiguous view may
/// start inside a larger buffer, e.g. the gradient of one part of a concatenation), copied otherwise.
fn values(t: &FlexTensor) -> std::borrow::Cow<'_, [f32]> {
    match t.layout().contiguous_offsets() {
        Some((start, end)) => std::borrow::Cow::Borrowed(&t.storage::<f32>()[start..end]),
        None => std::borrow::Cow::Owned(t.to_contiguous().storage::<f32>().to_vec()),
    }
}

fn tensor(values: Vec<f32>, shape: impl Into<Shape>) -> FlexTensor {
    FlexTensor::from_data(TensorData::new(values, shape.into()))
}

impl CpuConv for Flex {
    fn cpu_conv2d(x: FlexTensor, weight: FlexTensor, bias: FlexTensor, pad: usize, reflect: bool, stride: usize, slope: f32) -> FlexTensor {
        let conv = conv_of(&x, &weight, pad, reflect, stride);
        let grid = conv.grid(&values(&x));
        // Its last handle, in inference: one map fewer alive at the peak. (Autodiff keeps its own.)
        drop(x);
        let s = conv.equivalent();
        let out = kernel::forward(grid, &conv.weight(&values(&weight)), &values(&bias), slope, &s);
        tensor(out, [s.batch, s.channels_out, s.out_h(), s.out_w()])
    }
}

#[cfg(feature = "autodiff")]
mod autodiff {
    use burn::backend::Autodiff;
    use burn::backend::autodiff::NodeId;
    use burn::backend::autodiff::checkpoint::base::Checkpointer;
    use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
    use burn::backend::autodiff::grads::Gradients;
    use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
    use burn::backend::tensor::FloatTensor;
    use burn::backend::flex::FlexTensor;
    use burn::backend::Flex;

    use super::{CpuConv, conv_of, kernel, tensor, values};

    #[derive(Debug)]
    struct CpuConvBackward;

    impl Backward<Flex, 3> for CpuConvBackward {
        /// The input's and weight's checkpoints, pad, reflect, stride, the slope and, with an activation,
        /// the output (its sign is the activation's gradient; it is the next layer's input, kept anyway).
        type State = (NodeId, NodeId, usize, bool, usize, f32, Option<FlexTensor>);

        fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, checkpointer: &mut Checkpointer) {
            let [node_x, node_weight, node_bias] = ops.parents;
            let grad = grads.consume::<Flex>(&ops.node);
            let (x_state, weight_state, pad, reflect, stride, slope, output) = ops.state;
            let x: FlexTensor = checkpointer.retrieve_node_output(x_state);
            let weight: FlexTensor = checkpointer.retrieve_node_output(weight_state);
            let conv = conv_of(&x, &weight, pad, reflect, stride);
            let (s, original) = (conv.equivalent(), conv.shape);
            let dy = match &output {
                Some(y) => std::borrow::Cow::Owned(kernel::leaky_grad(&values(&grad), &values(y), slope, &s)),
                None => values(&grad),
            };
            if let Some(node) = node_x {
                let dx = conv.input_grad(kernel::grad_input(&dy, &conv.weight(&values(&weight)), &s));
                grads.register::<Flex>(node.id, tensor(dx, [original.batch, original.channels_in, original.height, original.width]));
            }
            if let Some(node) = node_weight {
                let dw = conv.weight_grad(kernel::grad_weight(&conv.grid(&values(&x)), &dy, &s));
                grads.register::<Flex>(node.id, tensor(dw, [original.channels_out, original.channels_in, original.kernel, original.kernel]));
            }
            if let Some(node) = node_bias {
                grads.register::<Flex>(node.id, tensor(kernel::grad_bias(&dy, &s), [s.channels_out]));
            }
        }
    }

    impl<C: CheckpointStrategy> CpuConv for Autodiff<Flex, C> {
        fn cpu_conv2d(x: FloatTensor<Self>, weight: FloatTensor<Self>, bias: FloatTensor<Self>, pad: usize, reflect: bool, stride: usize, slope: f32) -> FloatTensor<Self> {
            match CpuConvBackward.prepare::<C>([x.node(), weight.node(), bias.node()]).compute_bound().stateful() {
                OpsKind::Tracked(mut prep) => {
                    let x_state = prep.checkpoint(&x);
                    let weight_state = prep.checkpoint(&weight);
                    let out = Flex::cpu_conv2d(x.into_primitive(), weight.into_primitive(), bias.into_primitive(), pad, reflect, stride, slope);
                    let output = (slope != 1.0).then(|| out.clone());
                    prep.finish((x_state, weight_state, pad, reflect, stride, slope, output), out)
                }
                OpsKind::UnTracked(prep) => {
                    prep.finish(Flex::cpu_conv2d(x.into_primitive(), weight.into_primitive(), bias.into_primitive(), pad, reflect, stride, slope))
                }
            }
        }
    }
}
