package bench.clinic;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The transactions: reads return plain maps (JSON), so no entity leaves a transaction half-loaded. */
@Service
public class ClinicService {
  private static final Logger LOG = LoggerFactory.getLogger(ClinicService.class);

  private final OwnerRepository owners;
  private final PetRepository pets;
  private final VisitRepository visits;
  private final VetRepository vets;

  ClinicService(OwnerRepository owners, PetRepository pets, VisitRepository visits, VetRepository vets) {
    this.owners = owners;
    this.pets = pets;
    this.visits = visits;
    this.vets = vets;
  }

  @Transactional(readOnly = true)
  public List<Map<String, Object>> findOwners(String lastNamePrefix) {
    return owners.findByLastNameStartingWithOrderByLastNameAscFirstNameAsc(lastNamePrefix).stream()
        .map(o -> {
          Map<String, Object> m = owner(o);
          m.put("pets", o.pets.stream().map(p -> p.name).collect(Collectors.toList()));
          return m;
        })
        .collect(Collectors.toList());
  }

  @Transactional(readOnly = true)
  public Optional<Map<String, Object>> findOwner(int id) {
    return owners.findWithPets(id).map(o -> {
      Map<String, Object> m = owner(o);
      m.put("pets", pets.findByOwnerIdOrderByName(id).stream().map(p -> {
        Map<String, Object> pet = new LinkedHashMap<>();
        pet.put("id", p.id);
        pet.put("name", p.name);
        pet.put("birthDate", p.birthDate.toString());
        pet.put("type", p.type.name);
        pet.put("visits", p.visits.stream()
            .map(v -> Map.of("date", v.visitDate.toString(), "description", v.description))
            .collect(Collectors.toList()));
        return pet;
      }).collect(Collectors.toList()));
      return m;
    });
  }

  @Transactional
  public int addOwner(Map<String, String> form) {
    Owner o = new Owner();
    o.firstName = form.getOrDefault("firstName", "");
    o.lastName = form.getOrDefault("lastName", "");
    o.address = form.getOrDefault("address", "");
    o.city = form.getOrDefault("city", "");
    o.telephone = form.getOrDefault("telephone", "");
    owners.save(o);
    LOG.info("new owner {} {}", o.id, o.lastName);
    return o.id;
  }

  /** A visit for the pet if it belongs to the owner; the pet's visit count after it, or empty. */
  @Transactional
  public Optional<Long> addVisit(int ownerId, int petId, String description) {
    return pets.findById(petId).filter(p -> p.owner.getId() == ownerId).map(p -> {
      Visit v = new Visit();
      v.pet = p;
      v.visitDate = LocalDate.now();
      v.description = description;
      visits.save(v);
      LOG.info("new visit for pet {} of owner {}", petId, ownerId);
      return visits.countByPetId(petId);
    });
  }

  @Transactional(readOnly = true)
  public List<Map<String, Object>> vets() {
    return vets.findAllByOrderByLastName().stream().map(v -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", v.id);
      m.put("name", v.firstName + " " + v.lastName);
      m.put("specialties", v.specialties.stream().map(s -> s.name).sorted(Comparator.naturalOrder())
          .collect(Collectors.toList()));
      return m;
    }).collect(Collectors.toList());
  }

  private static Map<String, Object> owner(Owner o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", o.id);
    m.put("firstName", o.firstName);
    m.put("lastName", o.lastName);
    m.put("address", o.address);
    m.put("city", o.city);
    m.put("telephone", o.telephone);
    return m;
  }
}
