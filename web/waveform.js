// Draws audiowaveform peaks (JSON from GCS, signed URL) with wavesurfer.js over a media element playing the audio
// straight from GCS; nothing is decoded in the browser.
import WaveSurfer from './vendor/wavesurfer/wavesurfer.esm.js';
import RegionsPlugin from './vendor/wavesurfer/plugins/regions.esm.js';

export const reasonColours = {
  flubber: 'rgba(220, 60, 60, 0.35)',
  filler: 'rgba(240, 170, 30, 0.35)',
  silence: 'rgba(80, 120, 220, 0.3)',
  intern: 'rgba(150, 70, 200, 0.35)',
  kept: 'rgba(120, 120, 120, 0.15)',
  suggested: 'rgba(120, 120, 120, 0.08)',
};

export async function loadPeaks(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`The waveform peaks could not be loaded (${response.status}).`);
  }
  const peaks = await response.json();
  const scale = 2 ** (peaks.bits - 1);
  return {
    duration: (peaks.length * peaks.samples_per_pixel) / peaks.sample_rate,
    data: Float32Array.from(peaks.data, (v) => v / scale),
  };
}

/** A waveform in container for the audio at audioUrl; with regions when asked. */
export async function drawWaveform(container, media, audioUrl, peaksUrl, { withRegions = false, duration } = {}) {
  const peaks = await loadPeaks(peaksUrl);
  media.src = audioUrl;
  const regions = withRegions ? RegionsPlugin.create() : null;
  const wavesurfer = WaveSurfer.create({
    container,
    media,
    peaks: [peaks.data],
    duration: duration ?? peaks.duration,
    height: 128,
    waveColor: '#4a6fa5',
    progressColor: '#20324f',
    cursorColor: '#b3261e',
    plugins: regions ? [regions] : [],
  });
  // Regions are placed against the duration, which wavesurfer knows once it has taken the peaks in.
  await new Promise((resolve) => {
    if (wavesurfer.getDuration() > 0) {
      resolve();
    } else {
      wavesurfer.once('decode', resolve);
    }
  });
  return { wavesurfer, regions };
}
