package bench.clinic;

import java.util.List;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

public interface VetRepository extends JpaRepository<Vet, Integer> {
  @EntityGraph(attributePaths = {"specialties"})
  List<Vet> findAllByOrderByLastName();
}
