package bench.clinic;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

@Entity
public class Pet {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Integer id;

  String name;
  LocalDate birthDate;

  @ManyToOne
  PetType type;

  @ManyToOne(fetch = FetchType.LAZY)
  Owner owner;

  @OneToMany(mappedBy = "pet", cascade = CascadeType.ALL)
  @OrderBy("visitDate")
  List<Visit> visits = new ArrayList<>();
}
