/**
 * Segmind's Stable Diffusion 3 Turbo image-to-image, described once: where it is, what it takes,
 * what it refuses and answers, and the id written into every variant. No `vscode` here.
 */

export const SD3_TURBO = {
  /** The id saved in a variant's parameters; a record with another id is not Restyle's. */
  id: 'sd3-turbo-img2img',
  /** The model's name as people read it (the `parameters` text, XMP CreatorTool). */
  label: 'SD3 Turbo img2img',
  /** The name in messages. */
  title: 'SD3 Turbo image-to-image',
  /** The generation path under the endpoint. */
  path: '/v1/stable-diffusion-3-turbo-img2img',
  /** The fields of a request besides the image; `mode` and `image` come first in the body. */
  fields: { mode: 'image-to-image', prompt: 'prompt', strength: 'strength', outputFormat: 'output_format', base64: 'base64' },
  limits: {
    /** Stability refuses an image side under this. */
    minSidePx: 64,
    /** Stability's limit on the request body. */
    maxRequestBytes: 10 * 1024 * 1024,
    /** What the service answers, about, whatever it is sent (sides a multiple of 64, opaque). */
    answerPixels: 1024 * 1024,
  },
} as const;

export type ModelId = typeof SD3_TURBO.id;
