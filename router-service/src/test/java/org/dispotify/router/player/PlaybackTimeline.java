package org.dispotify.router.player;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the page's audio elements played, and when, read off their own clocks: every few
 * milliseconds, each playing element's (performance.now(), currentTime) gives the moment its
 * position 0 was (or would have been) played, its origin. A segment is one element playing one
 * load (a new source or a seek starts another). Its start is the median origin of its first half
 * second of samples, its end the median origin of its last half second plus its duration: local
 * to the hand-off, so a clock that drifted (an audio thread starved on a loaded machine renders
 * late) earlier in the track does not count. The gap between two segments is the next one's start
 * minus the previous one's end: positive is silence, negative is overlap.
 */
final class PlaybackTimeline {

    private static final String SAMPLER = """
            (() => {
              const timeline = window.__timeline = [];
              const elements = [...document.querySelectorAll('audio')];
              const open = new Map();
              for (const a of elements) {
                a.addEventListener('loadstart', () => open.delete(a));
                a.addEventListener('seeking', () => open.delete(a));
              }
              setInterval(() => {
                const now = performance.now();
                for (const a of elements) {
                  if (a.paused || a.seeking || !(a.currentTime > 0) || !Number.isFinite(a.duration)) continue;
                  let s = open.get(a);
                  if (!s) {
                    s = {src: a.currentSrc, element: elements.indexOf(a), duration: a.duration, samples: []};
                    open.set(a, s);
                    timeline.push(s);
                  }
                  s.samples.push([a.currentTime, now - a.currentTime * 1000]);
                }
              }, 4);
            })();""";

    private static final String READ = """
            const median = values => values.slice().sort((x, y) => x - y)[Math.floor(values.length / 2)];
            return window.__timeline.map(s => {
              const first = s.samples.filter(([t]) => t <= 0.5).map(([, o]) => o);
              const last = s.samples.filter(([t]) => t >= s.duration - 0.5).map(([, o]) => o);
              const all = s.samples.map(([, o]) => o);
              return {src: s.src, element: s.element, duration: s.duration,
                      start: median(first.length ? first : all), end: median(last.length ? last : all) + s.duration * 1000,
                      last: s.samples.length ? s.samples[s.samples.length - 1][0] : 0, samples: s.samples.length};
            });""";

    /** One element playing one load. */
    record Segment(String src, int element, double start, double end, double duration, double last, int samples) {

        boolean playedToTheEnd() {
            return last >= duration - 0.35;
        }

        boolean plays(String songId) {
            return src.contains(songId);
        }
    }

    private final PlayerPage page;

    PlaybackTimeline(PlayerPage page) {
        this.page = page;
    }

    /** Starts sampling; call once the page is loaded (the audio elements exist). */
    void start() {
        page.js(SAMPLER);
    }

    @SuppressWarnings("unchecked")
    List<Segment> segments() {
        List<Map<String, Object>> raw = (List<Map<String, Object>>) page.js(READ);
        List<Segment> segments = new ArrayList<>();
        for (Map<String, Object> s : raw) {
            segments.add(new Segment((String) s.get("src"), ((Number) s.get("element")).intValue(),
                    num(s.get("start")), num(s.get("end")), num(s.get("duration")), num(s.get("last")),
                    ((Number) s.get("samples")).intValue()));
        }
        segments.sort(java.util.Comparator.comparingDouble(Segment::start));
        return segments;
    }

    /** Milliseconds from each segment's end to the next one's start, for segments that played to their end. */
    static List<Double> gaps(List<Segment> segments) {
        List<Double> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (segments.get(i).playedToTheEnd()) {
                gaps.add(segments.get(i + 1).start() - segments.get(i).end());
            }
        }
        return gaps;
    }

    private static double num(Object value) {
        return ((Number) value).doubleValue();
    }
}
