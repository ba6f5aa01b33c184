package bench.clinic;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ClinicController {
  private final ClinicService clinic;

  ClinicController(ClinicService clinic) {
    this.clinic = clinic;
  }

  @GetMapping("/owners")
  public List<Map<String, Object>> owners(@RequestParam(defaultValue = "") String lastName) {
    return clinic.findOwners(lastName);
  }

  @GetMapping("/owners/{ownerId}")
  public ResponseEntity<Map<String, Object>> owner(@PathVariable int ownerId) {
    return ResponseEntity.of(clinic.findOwner(ownerId));
  }

  @PostMapping("/owners")
  public ResponseEntity<Map<String, Object>> addOwner(@RequestBody Map<String, String> form) {
    int id = clinic.addOwner(form);
    return ResponseEntity.created(URI.create("/owners/" + id)).body(Map.of("id", id));
  }

  @PostMapping("/owners/{ownerId}/pets/{petId}/visits")
  public ResponseEntity<Map<String, Object>> addVisit(@PathVariable int ownerId, @PathVariable int petId,
      @RequestBody Map<String, String> form) {
    return clinic.addVisit(ownerId, petId, form.getOrDefault("description", ""))
        .map(count -> ResponseEntity.status(201).body(Map.<String, Object>of("visits", count)))
        .orElse(ResponseEntity.notFound().build());
  }

  @GetMapping("/vets")
  public List<Map<String, Object>> vets() {
    return clinic.vets();
  }
}
