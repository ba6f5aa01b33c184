package dev.quartet.backend.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.entities.SegmentImpl;
import com.amazonaws.xray.entities.SubsegmentImpl;
import com.amazonaws.xray.entities.TraceID;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AnnotationsTest {

    @Test
    void keysBecomeIndexableWithoutLosingAnAnnotation() {
        AWSXRayRecorder recorder = new AWSXRayRecorder();
        SegmentImpl segment = new SegmentImpl(recorder, "s", TraceID.fromString("1-6b00fe70-b31595e647c220b340c042f2"));
        segment.putAnnotation("app.user", "andrewbrown");
        segment.putAnnotation("app_user", "kept");
        segment.putAnnotation("result-size", 3);
        segment.putAnnotation("ok_Key9", true);
        segment.putAnnotation("ünï", "x");
        SubsegmentImpl sub = new SubsegmentImpl(recorder, "mock-data", segment);
        segment.addSubsegment(sub);
        sub.putAnnotation("user handle", "worf");

        Annotations.makeIndexable(segment);

        assertEquals(Map.of("app_user", "kept", "app_user_2", "andrewbrown", "result_size", 3, "ok_Key9", true,
                "_n_", "x"), new TreeMap<>(segment.getAnnotations()));
        assertEquals(Map.of("user_handle", "worf"), sub.getAnnotations());
    }
}
